"""Texts shown to people: the translated texts of programme and framework files (``Text``), and how the engine's
own sentences and those texts reach people in their language without the engine knowing about translations.

The engine marks the sentences it says to people (why an event cannot be fired, what data is missing) with
``gettext`` and shows the texts of a programme file through ``local``. Both speak English until an application
installs its own (``install``): the application's message catalogues then carry the engine's sentences too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

FALLBACK_LANGUAGE = "en"


class Text(str):
    """A text of a programme or framework file (a label, a name, a criterion's statement) in one or more languages.

    It is the English text itself, so code and storage keep using it as a string, and it carries its
    translations: ``in_(language)`` gives the text in that language (``uk_UA`` falls back to ``uk``), else in
    English. Built from the English text, or from a mapping of language codes to texts with English among them.
    """

    translations: Mapping[str, str]

    def __new__(cls, text: str | Mapping[str, str] = "") -> Text:
        translations = dict(text) if isinstance(text, Mapping) else {FALLBACK_LANGUAGE: text}
        made = super().__new__(cls, translations.get(FALLBACK_LANGUAGE, ""))
        made.translations = translations
        return made

    def in_(self, language: str | None) -> str:
        if language:
            found = self.translations.get(language) or self.translations.get(language.split("_")[0])
            if found:
                return found
        return self.en

    @property
    def en(self) -> str:
        """The English text, as a plain string."""
        return str.__str__(self)

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self.translations)

    def __reduce__(self) -> tuple:
        return (Text, (dict(self.translations),))


EMPTY_TEXT = Text()


def _english(message: str, **variables: Any) -> str:
    return message % variables if variables else message


_translate: Callable[..., str] = _english
_localise: Callable[[Any], str] = str


def install(translate: Callable[..., str], localise: Callable[[Any], str]) -> None:
    """Use ``translate(message, **variables)`` for the engine's sentences and ``localise(text)`` for file texts."""
    global _translate, _localise
    _translate, _localise = translate, localise


def gettext(message: str, **variables: Any) -> str:
    """``message`` in the current language, with ``%(name)s`` placeholders filled from ``variables``."""
    return _translate(message, **variables)


def local(text: Any) -> str:
    """A text of a programme file in the current language."""
    return _localise(text)
