"""Forms on the coordinators' pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length


class DecisionForm(FlaskForm):
    """Verify or reject a school: the button pressed is the decision; a rejection needs a reason."""

    note = TextAreaField(_l("Note to the school (required when rejecting)"), validators=[Length(max=2000)])
    verify = SubmitField(_l("Verify the school"))
    reject = SubmitField(_l("Reject the school"))

    @property
    def decision(self) -> str | None:
        if self.reject.data:
            return "reject"
        if self.verify.data:
            return "verify"
        return None
