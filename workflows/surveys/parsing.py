"""Reading survey instruments: every ``*.yaml`` file of some folders, each parsed and checked against the
programmes and the criteria of their frameworks. The format is described at the top of each shipped file."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..problems import ROOT_KEY, DefinitionError, Problem
from ..texts import EMPTY_TEXT, Text
from ..yaml_source import read_yaml
from .model import AUDIENCE_GROUPS, AUDIENCES, Instrument, Instruments, Question, Requirement

INSTRUMENTS_DIR = Path(__file__).parent / "instruments"
#: Every text of an instrument is written in each language of the product (respondents have no fallback).
LANGUAGES = ("en", "ru", "uk", "ro", "be")
MINIMUM_THRESHOLD = 5
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_KEYS = {"programme", "version", "threshold", "scale", "questions", "free_text", "requires"}


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, key, message))

    def text(self, value: Any, key: str) -> Text:
        if not isinstance(value, Mapping):
            self.problem(key, f"must give the text in each language ({', '.join(LANGUAGES)})")
            return EMPTY_TEXT
        missing = [lang for lang in LANGUAGES if not isinstance(value.get(lang), str) or not value[lang].strip()]
        if missing:
            self.problem(key, f"missing text in: {', '.join(missing)}")
        unknown = sorted(set(map(str, value)) - set(LANGUAGES))
        if unknown:
            self.problem(key, f"unknown language: {', '.join(unknown)}")
        return Text({lang: str(text) for lang, text in value.items() if isinstance(text, str)})

    def whole(self, value: Any, key: str, lowest: int, highest: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
            self.problem(key, f"must be a whole number from {lowest} to {highest}")
            return None
        return value


def _parse(data: Any, read: _Reader, criteria: Mapping[str, tuple[set[str], set[int]]]) -> Instrument | None:
    """One instrument, or None with its problems in ``read``. ``criteria``: programme code -> (the criterion
    codes, the levels) of its framework."""
    if not isinstance(data, Mapping):
        read.problem(ROOT_KEY, "must be a mapping")
        return None
    for key in sorted(set(map(str, data)) - _KEYS):
        read.problem(key, "unknown key")
    programme = data.get("programme")
    if not isinstance(programme, str) or programme not in criteria:
        read.problem("programme", f"no programme {programme!r} with a framework is loaded")
        codes, levels = set(), set()
    else:
        codes, levels = criteria[programme]
    version = read.whole(data.get("version"), "version", 1, 10_000)
    threshold = read.whole(data.get("threshold", 10), "threshold", MINIMUM_THRESHOLD, 1000)
    scale: dict[int, Text] = {}
    raw_scale = data.get("scale")
    if not isinstance(raw_scale, Mapping) or len(raw_scale) < 2:
        read.problem("scale", "must map at least two answer values to their labels")
    else:
        for value, label in raw_scale.items():
            if isinstance(value, bool) or not isinstance(value, int):
                read.problem(f"scale.{value}", "answer values are whole numbers")
                continue
            if levels and value not in levels:
                read.problem(f"scale.{value}", f"must be a level of the framework ({sorted(levels)})")
            scale[value] = read.text(label, f"scale.{value}")
    questions = _questions(data.get("questions"), read, codes)
    free_text = read.text(data["free_text"], "free_text") if data.get("free_text") is not None else EMPTY_TEXT
    requirement = _requirement(data.get("requires"), read, threshold or MINIMUM_THRESHOLD)
    if read.problems or version is None or threshold is None:
        return None
    return Instrument(
        programme=programme,
        version=version,
        file=read.file,
        scale=dict(sorted(scale.items())),
        questions=tuple(questions),
        threshold=threshold,
        free_text=free_text,
        requirement=requirement,
    )


def _questions(raw: Any, read: _Reader, codes: set[str]) -> list[Question]:
    if not isinstance(raw, list) or not raw:
        read.problem("questions", "must be a list of at least one question")
        return []
    questions: list[Question] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        key = f"questions[{index}]"
        if not isinstance(item, Mapping):
            read.problem(key, "must be a mapping")
            continue
        code = item.get("code")
        if not isinstance(code, str) or not _CODE.match(code):
            read.problem(f"{key}.code", "must be a code of lowercase letters, digits and _")
            continue
        if code in seen:
            read.problem(f"{key}.code", f"question {code!r} is already defined")
        seen.add(code)
        audiences = item.get("audiences")
        if not isinstance(audiences, list) or not audiences or not set(audiences) <= set(AUDIENCES):
            read.problem(f"{key}.audiences", f"must list some of: {', '.join(AUDIENCES)}")
            audiences = []
        linked = item.get("criteria")
        if not isinstance(linked, list) or not linked:
            read.problem(f"{key}.criteria", "must list at least one criterion code")
            linked = []
        for criterion in linked:
            if codes and criterion not in codes:
                read.problem(f"{key}.criteria", f"no criterion {criterion!r} in the programme's framework")
        text = read.text(item.get("text"), f"{key}.text")
        questions.append(Question(code, text, tuple(audiences), tuple(map(str, linked))))
    return questions


def _requirement(raw: Any, read: _Reader, threshold: int) -> Requirement | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or raw.get("audience") not in AUDIENCE_GROUPS:
        read.problem("requires.audience", f"must be one of: {', '.join(AUDIENCE_GROUPS)}")
        return None
    least = read.whole(raw.get("responses"), "requires.responses", threshold, 100_000)
    months = read.whole(raw.get("months", 12), "requires.months", 1, 60)
    if least is None or months is None:
        return None
    return Requirement(str(raw["audience"]), least, months)


def read_instruments(
    directories: str | Path | Iterable[str | Path], criteria: Mapping[str, tuple[set[str], set[int]]]
) -> tuple[Instruments, list[Problem]]:
    """The valid instruments found in ``directories`` and every problem (never raises)."""
    if isinstance(directories, str | Path):
        directories = [directories]
    problems: list[Problem] = []
    loaded: list[Instrument] = []
    seen: dict[tuple[str, int], str] = {}
    for directory in map(Path, directories):
        if not directory.is_dir():
            problems.append(Problem(str(directory), ROOT_KEY, "no such directory"))
            continue
        for path in sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()):
            data, found = read_yaml(path)
            problems.extend(found)
            if data is None:
                continue
            read = _Reader(str(path))
            instrument = _parse(data, read, criteria)
            problems.extend(read.problems)
            if instrument is None:
                continue
            identity = (instrument.programme, instrument.version)
            if identity in seen:
                problems.append(Problem(str(path), "version", f"version {identity[1]} is also in {seen[identity]}"))
                continue
            seen[identity] = str(path)
            loaded.append(instrument)
    return Instruments(loaded), problems


def load_instruments(
    directories: str | Path | Iterable[str | Path], criteria: Mapping[str, tuple[set[str], set[int]]]
) -> Instruments:
    """Every instrument; DefinitionError listing every problem."""
    instruments, problems = read_instruments(directories, criteria)
    if problems:
        raise DefinitionError(problems)
    return instruments


def check_instruments(
    directories: str | Path | Iterable[str | Path], criteria: Mapping[str, tuple[set[str], set[int]]]
) -> list[Problem]:
    """Every problem of the instruments in ``directories`` (for ``flask workflows check``)."""
    return read_instruments(directories, criteria)[1]
