from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf


class PublicListingForm(FlaskForm):
    listed = HiddenField(validators=[AnyOf(["1", "0"])])
