"""Database models, one module per group of tables. Import from here."""

from accreditation.models.account import Invitation, SignInFailure
from accreditation.models.application import (
    Application,
    ApplicationAssessor,
    ApplicationModule,
    OutboxJob,
    TransitionRecord,
)
from accreditation.models.geography import Country, Region
from accreditation.models.school import Membership, School
from accreditation.models.user import AssessorLanguage, RoleGrant, User

__all__ = [
    "Application",
    "ApplicationAssessor",
    "ApplicationModule",
    "AssessorLanguage",
    "Country",
    "Invitation",
    "Membership",
    "OutboxJob",
    "Region",
    "RoleGrant",
    "School",
    "SignInFailure",
    "TransitionRecord",
    "User",
]
