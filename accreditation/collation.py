"""Sorting words the way a language's dictionary does: the Unicode Collation Algorithm (``pyuca``, its default
table), with the few letters a language treats as letters of their own rather than accented forms of another.

Why ``pyuca``: it is pure Python (no ICU library to build, so ``pip install`` stays the only install step), it
implements the Unicode standard's algorithm over the standard's own table, and that table does not change for the
Latin and Cyrillic letters we sort. Code point order is wrong in every language but English (Ukrainian «Іспанська»
before «Англійська»); the default table fixes that for all of them at once. What it cannot know is a language's own
alphabet: Romanian has ă, â, î, ș and ț as letters after a, i, s and t; Ukrainian ґ after г and ї after і;
Belarusian ё after е and ў after у. Those are the tailorings of CLDR's collation rules for ro, uk and be, written
below as data: each such letter sorts after every word of its base letter (the base's weights plus one weight above
all letters).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

from pyuca import Collator

T = TypeVar("T")

# Per language: the letters sorted after their base letter, in alphabet order ("base: letters after it").
TAILORINGS: dict[str, dict[str, str]] = {
    "ro": {"a": "ăâ", "i": "î", "s": "șş", "t": "țţ"},
    "uk": {"г": "ґ", "і": "ї"},
    "be": {"е": "ё", "у": "ў"},
}
# ş and ţ (with a cedilla) are the old spellings of ș and ț: the same letter, not the one after it.
SAME_LETTER = {"ş": "ș", "ţ": "ț"}
ABOVE_ALL_LETTERS = 0xFFFE


@cache
def _collator(language: str) -> Collator:
    collator = Collator()
    for base, letters in TAILORINGS.get(language, {}).items():
        rank = 0
        for letter in letters:
            if letter not in SAME_LETTER:
                rank += 1
            for case_of in (str.lower, str.upper):
                base_elements = collator.collation_elements(unicodedata.normalize("NFD", case_of(base)))
                extra = [[ABOVE_ALL_LETTERS, 0x0020, base_elements[0][2]]] * rank
                key = [ord(c) for c in unicodedata.normalize("NFD", case_of(letter))]
                collator.table.add(key, base_elements + extra)
    return collator


def sort_key(language: str) -> Callable[[str], tuple[int, ...]]:
    """The key that sorts texts in ``language``'s order (``uk_UA`` as ``uk``)."""
    collator = _collator((language or "en").split("_")[0].split("-")[0].lower())
    return collator.sort_key


def sorted_by(items: Iterable[T], language: str, key: Callable[[T], str] = str) -> list[T]:
    """``items`` sorted by their ``key`` text in ``language``'s order."""
    text_key = sort_key(language)
    return sorted(items, key=lambda item: text_key(key(item)))
