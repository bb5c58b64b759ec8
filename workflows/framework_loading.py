"""Loading frameworks: every version in the ``*.yaml`` files of some folders, each parsed and checked, and the
versions of one framework checked against each other (unique versions, each replacing the one before it)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .framework_model import Framework, Frameworks
from .framework_parsing import parse_framework
from .problems import ROOT_KEY, DefinitionError, Problem
from .yaml_source import read_yaml

FRAMEWORKS_DIR = Path(__file__).parent / "frameworks"


def load_frameworks(directories: str | Path | Iterable[str | Path]) -> Frameworks:
    """Every framework version in the ``*.yaml`` files of ``directories``; DefinitionError listing every problem."""
    frameworks, problems = read_frameworks(directories)
    if problems:
        raise DefinitionError(problems)
    return frameworks


def read_frameworks(directories: str | Path | Iterable[str | Path]) -> tuple[Frameworks, list[Problem]]:
    """The valid framework versions found, and every problem (never raises)."""
    if isinstance(directories, str | Path):
        directories = [directories]
    problems: list[Problem] = []
    loaded: list[Framework] = []
    seen: dict[tuple[str, int], str] = {}
    for directory in map(Path, directories):
        if not directory.is_dir():
            problems.append(Problem(str(directory), ROOT_KEY, "no such directory"))
            continue
        for path in sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()):
            data, found = read_yaml(path)
            if data is None and found:
                problems.extend(found)
                continue
            framework, found2 = parse_framework(data, str(path))
            found.extend(found2)
            if framework is not None and framework.code and framework.version:  # unreadable ones: reported above
                identity = (framework.code, framework.version)
                if identity in seen:
                    found.append(
                        Problem(
                            str(path),
                            "version",
                            f"{framework.code} version {framework.version} is also in {seen[identity]}",
                        )
                    )
                seen.setdefault(identity, str(path))
            problems.extend(found)
            if framework is not None and not found:
                loaded.append(framework)
    frameworks = Frameworks(loaded)
    problems.extend(_check_replacements(frameworks))
    return frameworks, problems


def _check_replacements(frameworks: Frameworks) -> list[Problem]:
    problems = []
    for code in frameworks:
        versions = frameworks.versions(code)
        for earlier, later in zip(versions, versions[1:], strict=False):
            if later.replaces is None:
                problems.append(
                    Problem(later.file, "replaces", f"must name the version it replaces ({earlier.version})")
                )
                continue
            if later.replaces.version != earlier.version:
                problems.append(
                    Problem(later.file, "replaces.version", f"must be {earlier.version}, the version before it")
                )
                continue
            for old, new in later.replaces.criteria.items():
                if earlier.criterion(old) is None:
                    problems.append(
                        Problem(
                            later.file,
                            f"replaces.criteria.{old}",
                            f"no such criterion in the version {earlier.version}",
                        )
                    )
                if new is not None and later.criterion(new) is None:
                    problems.append(Problem(later.file, f"replaces.criteria.{old}", f"no criterion {new!r} here"))
        if versions and versions[0].replaces is not None:  # the version it replaces went missing
            first = versions[0]
            problems.append(Problem(first.file, "replaces", f"version {first.replaces.version} is not loaded"))
    return problems
