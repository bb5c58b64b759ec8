"""How the engine's messages reach people in their language, without the engine knowing about translations.

The engine marks the sentences it says to people (why an event cannot be fired, what data is missing) with
``gettext`` and shows the labels of a programme file through ``local``. Both speak English until an application
installs its own (``install``): the application's message catalogues then carry the engine's sentences too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _english(message: str, **variables: Any) -> str:
    return message % variables if variables else message


_translate: Callable[..., str] = _english
_localise: Callable[[Any], str] = str


def install(translate: Callable[..., str], localise: Callable[[Any], str]) -> None:
    """Use ``translate(message, **variables)`` for the engine's sentences and ``localise(label)`` for labels."""
    global _translate, _localise
    _translate, _localise = translate, localise


def gettext(message: str, **variables: Any) -> str:
    """``message`` in the current language, with ``%(name)s`` placeholders filled from ``variables``."""
    return _translate(message, **variables)


def local(text: Any) -> str:
    """A label of a programme file in the current language."""
    return _localise(text)
