"""The upload form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SubmitField


class UploadForm(FlaskForm):
    file = FileField(_l("CSV file of schools"), validators=[FileRequired(_l("Choose a CSV file to upload."))])
    skip_invalid = BooleanField(_l("Import the good rows even when some rows are bad"))
    submit = SubmitField(_l("Upload and import"))
