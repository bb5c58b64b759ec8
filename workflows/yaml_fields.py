"""Reading the mappings of a definition file's YAML data (programmes and frameworks alike): required and optional
fields, typed values, translated texts, with one problem (file and dotted key) for each field missing or wrong.

The reader is lenient in what it gives back and strict in what it reports: a wrong value is reported and replaced
by a default, so that the parser goes on and finds the other problems too. What is wrong with a value is said by
a *check*: a function of the value that returns the message, or None when the value is fine.

The two kinds of file word a few problems differently (``Wording``); ``flask workflows check`` prints them as they
always were.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .problems import ROOT_KEY, Problem
from .texts import FALLBACK_LANGUAGE, Text

Check = Callable[[Any], "str | None"]

LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
_MISSING = object()


def kind_of(value: Any) -> str:
    """A value's kind in words, for messages such as ``must be a list, not a mapping``."""
    if value is None:
        return "empty"
    if value in ([], {}, ""):
        return "empty " + {list: "list", dict: "mapping", str: "text"}[type(value)]
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def join(key: str, name: str) -> str:
    """The dotted key of field ``name`` inside ``key`` (the top level when ``key`` is empty)."""
    return f"{key}.{name}" if key else name


def either(choices: tuple[str, ...]) -> str:
    """``a, b or c``."""
    return ", ".join(choices[:-1]) + f" or {choices[-1]}"


# --- checks ---------------------------------------------------------------------------------------------------------


def is_list(value: Any) -> str | None:
    return None if isinstance(value, list) else f"must be a list, not {kind_of(value)}"


def is_filled_list(value: Any) -> str | None:
    return None if isinstance(value, list) and value else f"must be a non-empty list, not {kind_of(value)}"


def is_flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, not {value!r}"


def is_text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"must be non-empty text, not {kind_of(value)}"
    return None


def is_text_or_mapping(value: Any) -> str | None:
    """A translated text: a mapping of languages (its entries are checked one by one), or a non-empty string."""
    return None if isinstance(value, dict) else is_text(value)


def is_whole(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return f"must be a whole number of 0 or more, not {value!r}"
    return None


def is_positive(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"must be a whole number of 1 or more, not {value!r}"
    return None


def is_share(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        return f"must be a share between 0 and 1, not {value!r}"
    return None


def is_score(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return f"must be a number of 0 or more, not {value!r}"
    return None


def one_of(choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be {either(choices)}, not {value!r}"

    return check


# --- the reader -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """The problems a kind of file words its own way: how a value that is not a mapping is named, what precedes
    the list of allowed fields, and what is wrong with a translated text and with one language's text."""

    kind: Callable[[Any], str] = kind_of
    expected: str = "expected one of"
    text: Check = is_text_or_mapping
    translation: Check = is_text


PROGRAMME_WORDING = Wording()


class Fields:
    """Reads the fields of one file's mappings, collecting a problem for each one that is missing or wrong."""

    def __init__(self, file: str, wording: Wording = PROGRAMME_WORDING) -> None:
        self.file = file
        self.wording = wording
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, key or ROOT_KEY, message))

    def mapping(self, value: Any, key: str, what: str = "a mapping") -> dict[Any, Any] | None:
        """``value`` when it is a mapping, else None (reported as not being ``what``)."""
        if not isinstance(value, dict):
            self.problem(key, f"must be {what}, not {self.wording.kind(value)}")
            return None
        return value

    def allowed(
        self, data: dict[Any, Any], key: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> None:
        """Report each required field missing from ``data`` and each field that is neither required nor optional."""
        for name in required:
            if name not in data:
                self.problem(join(key, name), "is required")
        for name in data:
            if name not in required and name not in optional:
                self.problem(
                    join(key, str(name)), f"unknown field ({self.wording.expected}: {', '.join(required + optional)})"
                )

    def value(self, value: Any, key: str, check: Check, default: Any = None) -> Any:
        """``value`` if ``check`` finds nothing wrong with it, else ``default`` (and a problem at ``key``)."""
        message = check(value)
        if message:
            self.problem(key, message)
            return default
        return value

    def get(self, data: dict[Any, Any], name: str, key: str, check: Check, default: Any) -> Any:
        """``data[name]`` if present and ``check`` finds nothing wrong with it, else ``default``."""
        value = data.get(name, _MISSING)
        if value is _MISSING:
            return default
        return self.value(value, join(key, name), check, default)

    def text(self, value: Any, key: str, default: str = "") -> Text:
        """A text shown to people: a string (English), or a mapping of language codes to texts with English (the
        fallback of every language) among them, e.g. ``{en: Submitted, ru: Отправлено, uk: Надіслано}``.
        ``Text(default)`` when it is wrong."""
        message = self.wording.text(value)
        if message:
            self.problem(key, message)
            return Text(default)
        if not isinstance(value, dict):
            return Text(value.strip())
        translations: dict[str, str] = {}
        for language, text in value.items():
            where = join(key, str(language))
            if not isinstance(language, str) or not LANGUAGE.match(language):
                self.problem(where, "is not a language code such as en, ru or uk")
            elif message := self.wording.translation(text):
                self.problem(where, message)
            else:
                translations[language] = text.strip()
        if FALLBACK_LANGUAGE not in translations:
            self.problem(key, "needs an English (en) text, the fallback of every language")
            return Text(default)
        return Text(translations)

    def optional_text(self, data: dict[Any, Any], name: str, key: str, default: str = "") -> Text:
        """The text ``data[name]``, or ``Text(default)`` when it is absent."""
        return self.text(data[name], join(key, name), default) if name in data else Text(default)

    def names(self, data: dict[Any, Any], name: str, key: str) -> tuple[str, ...]:
        """A list of texts; each bad item is reported at ``key.name[index]`` and left out."""
        values = self.get(data, name, key, is_list, [])
        kept = []
        for index, value in enumerate(values):
            message = is_text(value)
            if message:
                self.problem(f"{join(key, name)}[{index}]", message)
            else:
                kept.append(value)
        return tuple(kept)
