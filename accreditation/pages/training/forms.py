"""Forms of the training register's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from accreditation.training.register import ROLE_TITLES
from workflows.between_awards import STAFF_ROLES


class TrainingForm(FlaskForm):
    person = SelectField(_l("Who was trained"), coerce=str, validate_choice=True)
    person_name = StringField(_l("Or the name of someone without an account"), validators=[Length(max=120)])
    staff_role = SelectField(_l("Their role"), choices=list(ROLE_TITLES.items()))
    course = SelectField(_l("Course"), coerce=str, validate_choice=True)
    course_text = StringField(_l("Or the course's name, when it is not in the list"), validators=[Length(max=200)])
    completed_on = DateField(_l("Date of the training"), validators=[DataRequired()])
    provider = StringField(_l("Given by"), validators=[Length(max=200)])
    certificate = FileField(_l("Certificate of the training (optional: PDF or image)"))


class StaffCountsForm(FlaskForm):
    teacher = IntegerField(_l("Teachers"), validators=[Optional(), NumberRange(0, 100_000)])
    support = IntegerField(_l("Support staff"), validators=[Optional(), NumberRange(0, 100_000)])
    governor = IntegerField(_l("Governors or board members"), validators=[Optional(), NumberRange(0, 100_000)])
    leadership = IntegerField(_l("Leadership"), validators=[Optional(), NumberRange(0, 100_000)])

    def counts(self) -> dict[str, int | None]:
        return {role: getattr(self, role).data for role in STAFF_ROLES}


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file from the training platform"), validators=[FileRequired()])


class ConfirmImportForm(FlaskForm):
    content = HiddenField(validators=[DataRequired()])


class ButtonForm(FlaskForm):
    """A button with only its CSRF token."""
