"""A school's members, invitations and certificates as the API shows them, every label in the caller's language."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from accreditation.accounts.invitations import ROLE_TITLES, is_pending
from accreditation.api.representations import CERTIFICATE_STATUS
from accreditation.certificates.codes import code_for
from accreditation.certificates.rendering import programme_name_of, title_of, verify_url
from accreditation.certificates.status import ENDED, SUSPENDED, Standing
from accreditation.models import Certificate, Invitation, Membership, User
from accreditation.models.certificate import CertificateStatus

# The words of the school's certificates section (the same texts, so the same translations).
STATUS_LABELS = {
    CertificateStatus.VALID.value: _l("Valid"),
    CertificateStatus.EXPIRED.value: _l("Expired"),
    CertificateStatus.REVOKED.value: _l("Revoked"),
    CertificateStatus.SUPERSEDED.value: _l("Replaced"),
    SUSPENDED: _l("Suspended"),
    ENDED: _l("Ended"),
}


def member_json(membership: Membership, person: User, removable: bool) -> dict[str, Any]:
    """``removable``: the caller may remove members of the school, and this one is not themselves."""
    return {
        "user_id": person.id,
        "name": person.name,
        "email": person.email,
        "role": membership.role,
        "role_label": str(ROLE_TITLES.get(membership.role, membership.role)),
        "member_since": membership.created_at,
        "may_remove": removable,
    }


def invitation_json(invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.id,
        "email": invitation.email,
        "role": invitation.role,
        "role_label": str(ROLE_TITLES.get(invitation.role, invitation.role)),
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "pending": is_pending(invitation),
    }


def school_certificate_json(certificate: Certificate, now: Standing) -> dict[str, Any]:
    """A certificate of the school as its dashboard lists it, with what it says ``now``."""
    return {
        "id": certificate.id,
        "code": code_for(certificate.verification_id),
        "verify_url": verify_url(certificate),
        "serial": certificate.serial,
        "kind": certificate.kind,
        "programme": certificate.programme_code,
        "programme_name": programme_name_of(certificate),
        "level": certificate.level,
        "title": title_of(certificate),
        "status": CERTIFICATE_STATUS.get(now.status, "expired"),
        "outcome": now.status,
        "status_label": str(STATUS_LABELS.get(now.status, now.status)),
        "in_force": now.in_force,
        "not_in_force_since": now.since,
        "issued_at": certificate.issued_at,
        "expires_at": certificate.expires_at,
    }
