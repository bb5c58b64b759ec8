"""The one rule for a new password, wherever one is set (registration, invitation, reset, the CLI, the demo).

A password must have at least ``PASSWORD_MIN_LENGTH`` characters (12 by default; a run of spaces counts as one,
ASVS 2.1.1), at most ``MAX_LENGTH`` (128, ASVS 2.1.2), and must not be easy to guess:
zxcvbn estimates how many guesses it takes against its bundled lists of common and breached passwords, English
words, names and keyboard patterns (offline: nothing leaves the server), and the person's own e-mail address and
name. A password it rates below ``MIN_SCORE`` (fewer than about 10^8 guesses) is refused: ``password1234``,
``qwertyuiop123``, ``iloveyou2024!``. No rule on character classes (ASVS 2.1.9): a long phrase of ordinary words
passes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask import current_app, has_app_context
from flask_babel import LazyString
from flask_babel import gettext as _
from zxcvbn import zxcvbn

DEFAULT_MIN_LENGTH = 12
MIN_SCORE = 3  # zxcvbn's 0..4; 3 is "safely unguessable: moderate protection from offline slow-hash attacks"
MAX_LENGTH = 128  # longer is refused (ASVS 2.1.2); the whole password is hashed, never cut
# zxcvbn 4.5 raises ValueError beyond 72 characters (and its time grows fast with length): the first 72 decide.
CHECKED_CHARACTERS = 72
_SPACES = re.compile(" {2,}")


def counted_length(password: str) -> int:
    """The length the minimum applies to: a run of spaces counts as one character (ASVS 2.1.1)."""
    return len(_SPACES.sub(" ", password))


def min_length() -> int:
    """The configured minimum length (the default outside an application)."""
    if not has_app_context():
        return DEFAULT_MIN_LENGTH
    return current_app.config.get("PASSWORD_MIN_LENGTH", DEFAULT_MIN_LENGTH)


def _hints(user_inputs: Iterable[str]) -> list[str]:
    """The person's own words (an e-mail address also by its parts), which a password must not be built from."""
    hints: list[str] = []
    for value in user_inputs:
        value = (value or "").strip().lower()
        if value:
            hints.append(value)
            hints.extend(part for part in value.replace("@", " ").replace(".", " ").split() if len(part) > 2)
    return hints


def password_problem(password: str, user_inputs: Iterable[str] = ()) -> str | None:
    """Why ``password`` cannot be used, in the current language, or None when it can. ``user_inputs``: the
    person's e-mail address and name."""
    if len(password) > MAX_LENGTH:
        return _("The password must be at most %(count)s characters long.", count=MAX_LENGTH)
    if counted_length(password) < min_length():
        return _("The password must be at least %(count)s characters long.", count=min_length())
    if zxcvbn(password[:CHECKED_CHARACTERS], user_inputs=_hints(user_inputs))["score"] < MIN_SCORE:
        return _(
            "This password is too easy to guess: it is a common password, or close to one, or made from your "
            "name or e-mail address. Choose a phrase of several unrelated words."
        )
    return None


def _hint() -> str:
    return _(
        "At least %(count)s characters, and not easy to guess: a phrase of several unrelated words works well.",
        count=min_length(),
    )


# What the forms say under a new password's field, in the language of the page that shows it.
PASSWORD_HINT = LazyString(_hint)
