"""Reads for the pages: what a verification code shows, the public list of certified schools, a school's
certificates, and a certificate as a signed credential. No writes here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from accreditation.applications.runtime import current_workflows
from accreditation.certificates.codes import verification_id_from
from accreditation.certificates.credential import add_proof, unsigned_credential
from accreditation.certificates.keys import current_issuer
from accreditation.certificates.rendering import ISSUER_NAME, verify_url
from accreditation.certificates.status import Standing, not_in_force_states, standing
from accreditation.certificates.status_list import status_entries
from accreditation.collation import sort_key
from accreditation.extensions import db
from accreditation.geography.names import country_name, region_name
from accreditation.i18n import current_language
from accreditation.models import Application, Certificate, School
from accreditation.models.certificate import CertificateKind, CertificateStatus
from accreditation.models.time import utcnow

INVALID = "invalid"  # the code is malformed or its signature does not match: altered or made up
UNKNOWN = "unknown"  # a well-signed code no certificate has (e.g. deleted)


@dataclass(frozen=True)
class Verification:
    outcome: str  # valid | expired | revoked | superseded | suspended | ended | unknown | invalid
    certificate: Certificate | None
    replaced_by: Certificate | None = None
    standing: Standing | None = None  # since when it is not in force, why, and the application's state if that is why

    @property
    def found(self) -> bool:
        return self.certificate is not None


def certificate_for_code(code: str) -> Certificate | None:
    verification_id = verification_id_from(code)
    if verification_id is None:
        return None
    return db.session.scalar(
        select(Certificate)
        .where(Certificate.verification_id == verification_id)
        .options(
            joinedload(Certificate.school).joinedload(School.region),
            joinedload(Certificate.school).joinedload(School.country),
        )
    )


def verify_code(code: str, now: datetime | None = None) -> Verification:
    """What the public verification page says about ``code`` (a tampered code never reaches the database)."""
    if verification_id_from(code) is None:
        return Verification(INVALID, None)
    certificate = certificate_for_code(code)
    if certificate is None:
        return Verification(UNKNOWN, None)
    replaced_by = db.session.get(Certificate, certificate.superseded_by_id) if certificate.superseded_by_id else None
    now_standing = standing(certificate, now or utcnow())
    return Verification(now_standing.status, certificate, replaced_by, now_standing)


@dataclass(frozen=True)
class CertifiedSchool:
    school_name: str
    region_name: str
    country_name: str
    title: str
    issued_at: datetime
    expires_at: datetime | None
    programme_code: str = ""
    level: str | None = None


@dataclass(frozen=True)
class CertifiedList:
    rows: list[CertifiedSchool]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def certified_schools(
    programme_code: str, page: int = 1, per_page: int = 100, now: datetime | None = None, regions_page: bool = False
) -> CertifiedList:
    """The schools that hold a valid award certificate of the programme now (not suspended, its cycle not over)
    and have not opted out (``regions_page``: that opted in to the page by region, ``School.on_regions_page``),
    ordered by country, region and school as the reader's language sorts their names (the names in that language;
    SQL's order is the English names' by code point), then paged."""
    now = now or utcnow()
    programme = current_workflows().programmes.get(programme_code)
    not_in_force = sorted(not_in_force_states(programme)) if programme is not None else []
    rows = db.session.execute(
        select(
            School.name,
            School.region_code,
            School.country_code,
            Certificate.title,
            Certificate.issued_at,
            Certificate.expires_at,
            Certificate.programme_code,
            Certificate.level,
            Certificate.id,
        )
        .select_from(Certificate)
        .join(School, School.id == Certificate.school_id)
        .join(Application, Application.id == Certificate.application_id)
        .where(
            Certificate.programme_code == programme_code,
            Certificate.kind == CertificateKind.AWARD.value,
            Certificate.status == CertificateStatus.VALID.value,
            (Certificate.expires_at.is_(None)) | (Certificate.expires_at > now),
            School.on_regions_page if regions_page else School.listed_publicly,
            Application.state.not_in(not_in_force),
        )
    ).all()
    language = current_language()
    key = sort_key(language)
    schools = sorted(  # the places named in the reader's language, sorted as it sorts
        (
            (CertifiedSchool(row[0], region_name(row[1], language), country_name(row[2], language), *row[3:8]), row[8])
            for row in rows
        ),
        key=lambda pair: (key(pair[0].country_name), key(pair[0].region_name), key(pair[0].school_name), pair[1]),
    )
    start = (page - 1) * per_page
    schools = [school for school, _ in schools[start : start + per_page]]
    return CertifiedList(schools, len(rows), page, per_page)


def certificates_of_school(school_id: int) -> list[Certificate]:
    """A school's certificates, newest first."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.school_id == school_id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        ).all()
    )


def signed_credential(certificate: Certificate) -> dict[str, Any]:
    """The certificate as an OpenBadgeCredential with an eddsa-jcs-2022 proof by the issuer's key."""
    base_url = current_app.config["BASE_URL"]
    school = certificate.school
    if certificate.is_award:
        achievement_name = f"{certificate.programme_name}: {certificate.title}"
        description = f"Certified in {certificate.programme_name} at the level {certificate.title}."
    else:
        achievement_name = f"{certificate.programme_name}: {certificate.title}"
        description = f"{certificate.title} of {certificate.programme_name}."
    unsigned = unsigned_credential(
        verify_url=verify_url(certificate),
        issuer=current_issuer(),
        issuer_name=ISSUER_NAME,
        issuer_url=base_url,
        achievement_id=f"{base_url}/certified/{certificate.programme_code}#{certificate.level or certificate.kind}",
        credential_name=f"{achievement_name} — {certificate.school_name}",
        achievement_name=achievement_name,
        achievement_description=description,
        criteria=(
            f"Assessed against the criteria of {certificate.programme_name}; "
            f"see {base_url}/certified/{certificate.programme_code}."
        ),
        school_name=certificate.school_name,
        school_identifier=f"{school.country_code}:{school.national_id}",
        issued_at=certificate.issued_at,
        expires_at=certificate.expires_at,
    )
    # its entries in the published, signed status lists: at its random position, not its id
    unsigned["credentialStatus"] = status_entries(certificate.status_position, base_url)
    return add_proof(unsigned, current_issuer(), certificate.issued_at)


def credential_in_force(
    certificate: Certificate, now: datetime | None = None
) -> tuple[Standing, dict[str, Any] | None]:
    """What the certificate says now, and its signed credential while it is in force (None otherwise: a signed
    credential handed out for a revoked or suspended certificate would look valid wherever it is shown)."""
    now_standing = standing(certificate, now or utcnow())
    return now_standing, signed_credential(certificate) if now_standing.in_force else None
