"""Calibration samples shipped with a programme: an anonymised submission to a framework version, written as data
beside the framework (``frameworks/calibration/*.yaml``), that a coordinator may give assessors to judge instead
of a past submission. Every text is in every language the product speaks.

```yaml
code: esafety-label-sample-1      # unique among the samples
framework: esafety-label          # the framework and version its answers follow
version: 1
title: {en: ..., ru: ..., uk: ..., ro: ..., be: ...}
answers:                          # every criterion of the framework, once
  internet_filtering:
    level: 3                      # the level the school claimed, on the framework's scale
    commentary: {en: ..., ru: ..., uk: ..., ro: ..., be: ...}
```

Pure Python: ``read_samples`` returns the valid samples and every problem, checked against the frameworks given.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .framework_model import Frameworks
from .problems import ROOT_KEY, Problem
from .texts import Text
from .yaml_fields import Fields, is_positive, is_text, is_whole, join
from .yaml_source import read_yaml

SAMPLES_DIR = Path(__file__).parent / "frameworks" / "calibration"
LANGUAGES = ("en", "ru", "uk", "ro", "be")


@dataclass(frozen=True)
class SampleAnswer:
    level: int
    commentary: Text


@dataclass(frozen=True)
class CalibrationSample:
    code: str
    framework_code: str
    framework_version: int
    title: Text
    answers: dict[str, SampleAnswer]


def _every_language(fields: Fields, text: Text, key: str) -> None:
    missing = [language for language in LANGUAGES if not text.translations.get(language)]
    if missing:
        fields.problem(key, f"needs a text in every language (missing: {', '.join(missing)})")


def parse_sample(data: Any, file: str, frameworks: Frameworks) -> tuple[CalibrationSample | None, list[Problem]]:
    fields = Fields(file)
    top = fields.mapping(data, ROOT_KEY)
    if top is None:
        return None, fields.problems
    fields.allowed(top, "", ("code", "framework", "version", "title", "answers"))
    code = fields.get(top, "code", "", is_text, "")
    framework_code = fields.get(top, "framework", "", is_text, "")
    version = fields.get(top, "version", "", is_positive, 0)
    title = fields.optional_text(top, "title", "")
    _every_language(fields, title, "title")
    framework = None
    if framework_code and version:
        try:
            framework = frameworks.get(framework_code, version)
        except KeyError:
            framework = None
    if framework is None and framework_code and version:
        fields.problem("framework", f"no framework {framework_code} version {version}")
    answers: dict[str, SampleAnswer] = {}
    given = fields.mapping(top.get("answers"), "answers") if "answers" in top else None
    for criterion, body in (given or {}).items():
        key = join("answers", str(criterion))
        body = fields.mapping(body, key)
        if body is None:
            continue
        fields.allowed(body, key, ("level", "commentary"))
        level = fields.get(body, "level", key, is_whole, 0)
        commentary = fields.optional_text(body, "commentary", key)
        _every_language(fields, commentary, join(key, "commentary"))
        if framework is not None and framework.criterion(str(criterion)) is None:
            fields.problem(key, f"{framework_code} version {version} has no such criterion")
        elif framework is not None and level not in framework.levels:
            fields.problem(
                join(key, "level"),
                f"must be a level of the framework ({min(framework.levels)} to {max(framework.levels)}), not {level!r}",
            )
        answers[str(criterion)] = SampleAnswer(level, commentary)
    if framework is not None:
        missing = [c.code for c in framework.criteria if c.code not in answers]
        if missing:
            fields.problem("answers", f"no answer for {', '.join(missing)}")
    if fields.problems:
        return None, fields.problems
    return CalibrationSample(code, framework_code, version, title, answers), []


def read_samples(
    frameworks: Frameworks, directory: Path = SAMPLES_DIR
) -> tuple[dict[str, CalibrationSample], list[Problem]]:
    """The valid samples by code, and every problem (a missing folder is none: no samples)."""
    samples: dict[str, CalibrationSample] = {}
    problems: list[Problem] = []
    if not directory.is_dir():
        return samples, problems
    for path in sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()):
        data, found = read_yaml(path)
        if data is None:
            problems.extend(found)
            continue
        sample, found = parse_sample(data, str(path), frameworks)
        if sample is not None and sample.code in samples:
            found = [Problem(str(path), "code", f"{sample.code} is also the code of another sample")]
        problems.extend(found)
        if sample is not None and not found:
            samples[sample.code] = sample
    return samples, problems
