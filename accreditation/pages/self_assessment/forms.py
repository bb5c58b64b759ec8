"""Forms of the self-assessment pages. They check shape; the operations check meaning. The answers of an area
are read field by field (``level-<criterion>``, ``commentary-<criterion>``, ``revision-<criterion>``), since
the criteria are data."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, Optional

from accreditation.assessment.answers import MAX_COMMENTARY_CHARS, AnswerInput


class AreaForm(FlaskForm):
    """The answers of one area: only its CSRF token is a declared field."""


class ParseError(ValueError):
    """The posted form does not have the shape the page gave it."""


def _whole(raw: str | None, what: str) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ParseError(_l("%(what)s must be a whole number, not %(raw)s.", what=what, raw=repr(raw[:20]))) from None


def answer_from(form: MultiDict, code: str, prefix: bool = True) -> AnswerInput:
    """One criterion's answer from ``form`` (fields ``level-<code>`` … in an area form, plain in a single save)."""

    def name(field: str) -> str:
        return f"{field}-{code}" if prefix else field

    commentary = form.get(name("commentary"), "")
    if len(commentary) > MAX_COMMENTARY_CHARS:
        raise ParseError(_l("A commentary can be at most %(count)s characters long.", count=MAX_COMMENTARY_CHARS))
    return AnswerInput(
        criterion_code=code,
        level=_whole(form.get(name("level")), _l("The level")),
        commentary=commentary,
        base_revision=_whole(form.get(name("revision")), _l("The revision")) or 0,
    )


class UploadForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Please choose a file to upload."))])
    kind = SelectField(_l("What is it?"), validators=[InputRequired()], choices=[])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    criteria = SelectMultipleField(_l("Evidence for these criteria"), choices=[], validate_choice=False)
    # The criterion the form was opened from (the upload then leads back to it); an unknown code is ignored.
    from_criterion = HiddenField(validators=[Optional(), Length(max=60)])


class NewVersionForm(FlaskForm):
    file = FileField(_l("New version"), validators=[FileRequired(_l("Please choose a file to upload."))])


class LinkForm(FlaskForm):
    criteria = SelectMultipleField(_l("Evidence for these criteria"), choices=[], validate_choice=False)


class TickForm(FlaskForm):
    action = HiddenField(validators=[InputRequired(), Length(max=140)])
    done = BooleanField()


class RemoveDocumentForm(FlaskForm):
    """Removing a document: its box ticked, since the document and every version of it go for good."""

    understood = BooleanField(
        _l("I understand that this document and all its versions are deleted."),
        validators=[InputRequired(message=_l("Tick the box to confirm: the document and its versions are deleted."))],
    )


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token."""
