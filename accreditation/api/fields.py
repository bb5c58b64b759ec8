"""Strict input fields: a JSON string must be a string PostgreSQL can store, a JSON integer a real integer."""

from __future__ import annotations

from typing import Any

from flask_smorest.fields import Upload
from marshmallow import ValidationError, fields, validate
from werkzeug.datastructures import FileStorage

MAX_INT = 2**31 - 1  # the database's integers


class Text(fields.String):
    """A string without NUL characters, encodable as UTF-8 (PostgreSQL stores neither)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Must not contain NUL characters.")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("Must be valid Unicode text.") from None
        return text


class WholeNumber(fields.Integer):
    """An integer given as a JSON number: not a string, not a fraction, not true or false."""

    def __init__(self, *, minimum: int = 0, maximum: int = MAX_INT, **kwargs: Any) -> None:
        super().__init__(strict=True, validate=validate.Range(min=minimum, max=maximum), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def query_number(minimum: int = 0, maximum: int = MAX_INT, **kwargs: Any) -> fields.Integer:
    """An integer in the query string (where every value is text)."""
    return fields.Integer(validate=validate.Range(min=minimum, max=maximum), **kwargs)


class File(Upload):
    """A file of a ``multipart/form-data`` body (a plain form field of the same name is not one)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> FileStorage:
        if not isinstance(value, FileStorage):
            raise ValidationError("Must be a file.")
        return value
