"""Request-wide limits on input that no form or view should have to repeat: an id in a URL is a whole number the
database's integer columns can hold (a larger one is not found, not a database error), and a page's form field,
query string, path or file name with a NUL character is refused (PostgreSQL cannot store one; no person types
one)."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Flask, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter, ValidationError

MAX_ID = 2**31 - 1  # the largest value of the database's integer columns


class IdConverter(IntegerConverter):
    """``<int:…>`` in a URL rule: at most ``MAX_ID`` unless the rule gives its own ``max``."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None, signed=False):
        super().__init__(map, fixed_digits, min, MAX_ID if max is None else max, signed)

    def to_python(self, value: str) -> int:
        """An id out of range names nothing: 404. (Werkzeug's ValidationError would skip the rule, and a rule of
        the same path for another method would then answer 405.)"""
        try:
            return super().to_python(value)
        except ValidationError:
            raise NotFound() from None


def _texts() -> Iterator[str]:
    for _name, values in request.args.lists():
        yield from values
    for _name, values in request.form.lists():
        yield from values
    for storage in request.files.values():
        yield storage.filename or ""
    for value in (request.view_args or {}).values():
        if isinstance(value, str):
            yield value


def refuse_nul_characters():
    """A page's request with a NUL character anywhere a person types is refused (the API's schemas refuse one
    themselves, naming the field: ``accreditation.api.fields.Text``)."""
    if request.path.startswith("/api/") or not any("\x00" in text for text in _texts()):
        return None
    message = _("The request contains a NUL character, which no text here may contain. Remove it and try again.")
    return render_template("errors/error.html", status=400, title=_("Not possible"), message=message), 400


def init_app(app: Flask) -> None:
    """Call before the blueprints are registered (their rules take the ``int`` converter as they are added)."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul_characters)
