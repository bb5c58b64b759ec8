"""Database models, one module per group of tables. Import from here."""

from accreditation.models.account import Invitation, SignInFailure
from accreditation.models.geography import Country, Region
from accreditation.models.school import Membership, School
from accreditation.models.user import AssessorLanguage, RoleGrant, User

__all__ = [
    "AssessorLanguage",
    "Country",
    "Invitation",
    "Membership",
    "Region",
    "RoleGrant",
    "School",
    "SignInFailure",
    "User",
]
