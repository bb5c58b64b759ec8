"""Loading programme files: read, parse, check, compile; every problem of every file reported at once."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .checks import check_definition
from .definition import ProgrammeDefinition
from .problems import ROOT_KEY, DefinitionError, Problem
from .programme import Programme
from .programme_parsing import parse_programme
from .registry import Registry
from .yaml_source import read_yaml

PROGRAMMES_DIR = Path(__file__).parent / "programmes"
SUFFIXES = (".yaml", ".yml")

PathLike = str | Path


def load_programme(path: PathLike, registry: Registry) -> Programme:
    """The programme in the file at ``path``; DefinitionError listing every problem if it is not valid."""
    definition, problems = _read_definition(Path(path), registry)
    if problems or definition is None:
        raise DefinitionError(problems)
    return Programme(definition, registry)


def load_programmes(directories: PathLike | Iterable[PathLike], registry: Registry) -> dict[str, Programme]:
    """Every programme in the ``*.yaml`` files of ``directories`` (or files named directly), by code;
    DefinitionError listing every problem of every file, including a code defined twice."""
    definitions, problems = _read_all(directories, registry)
    if problems:
        raise DefinitionError(problems)
    return {code: Programme(definition, registry) for code, definition in definitions.items()}


def check(directories: PathLike | Iterable[PathLike], registry: Registry) -> list[Problem]:
    """Every problem in the programme files of ``directories``; empty when all are valid. Never raises."""
    try:
        definitions, problems = _read_all(directories, registry)
        for definition in definitions.values():
            try:
                Programme(definition, registry)
            except Exception as exc:  # a definition that passed every check but still does not compile
                problems.append(Problem(definition.file, ROOT_KEY, f"cannot be compiled: {exc}"))
        return problems
    except Exception as exc:
        return [Problem(str(directories), ROOT_KEY, f"could not be checked: {exc!r}")]


def programme_files(directories: PathLike | Iterable[PathLike]) -> tuple[list[Path], list[Problem]]:
    """The definition files in ``directories`` (sorted by name within each), and a problem for each missing one."""
    if isinstance(directories, str | Path):
        directories = [directories]
    files: list[Path] = []
    problems: list[Problem] = []
    for entry in map(Path, directories):
        if entry.is_dir():
            files.extend(sorted(path for path in entry.iterdir() if path.suffix in SUFFIXES and path.is_file()))
        elif entry.is_file():
            files.append(entry)
        else:
            problems.append(Problem(str(entry), ROOT_KEY, "no such file or directory"))
    return files, problems


def _read_all(
    directories: PathLike | Iterable[PathLike], registry: Registry
) -> tuple[dict[str, ProgrammeDefinition], list[Problem]]:
    files, problems = programme_files(directories)
    definitions: dict[str, ProgrammeDefinition] = {}
    first_file: dict[str, str] = {}
    for path in files:
        definition, found = _read_definition(path, registry)
        problems.extend(found)
        if definition is None or not definition.code:
            continue
        if definition.code in first_file:
            first = first_file[definition.code]
            problems.append(
                Problem(str(path), "code", f"programme code {definition.code!r} is already used by {first}")
            )
            continue
        first_file[definition.code] = str(path)
        if not found:
            definitions[definition.code] = definition
    return definitions, problems


def _read_definition(path: Path, registry: Registry) -> tuple[ProgrammeDefinition | None, list[Problem]]:
    data, problems = read_yaml(path)
    if data is None and problems:
        return None, problems
    definition, found = parse_programme(data, str(path))
    problems.extend(found)
    if definition is not None:
        problems.extend(check_definition(definition, registry))
    return definition, problems
