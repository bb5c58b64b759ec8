"""A certificate's PDF: its texts in the school's language, rendered once and kept in the file store."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import update

from accreditation import storage
from accreditation.applications.runtime import current_workflows
from accreditation.certificates.codes import code_for
from accreditation.extensions import db
from accreditation.geography.names import country_name, region_name
from accreditation.i18n import DEFAULT_LOCALE, local, supported_locales
from accreditation.models import Certificate
from accreditation.pdf.certificate import CertificatePage, render_certificate

ISSUER_NAME = "Safe School Accreditation"


def verify_url(certificate: Certificate) -> str:
    """The public address where anyone checks the certificate (its QR code holds it)."""
    return f"{current_app.config['BASE_URL']}/verify/{code_for(certificate.verification_id)}"


def locale_of(language: str | None) -> str:
    """``language`` when the application speaks it, else the default."""
    return language if language in supported_locales() else DEFAULT_LOCALE


def programme_name_of(certificate: object) -> str:
    """The name of a certificate's programme in the current language. A certificate keeps the (English) texts it
    was issued with: the translation is used only while the programme's name is still that text."""
    stored = certificate.programme_name
    programme = current_workflows().programmes.get(certificate.programme_code)
    return local(programme.name) if programme is not None and programme.name == stored else stored


def title_of(certificate: object) -> str:
    """A certificate's title (its level's label, or the intermediate certificate's) in the current language, while
    the programme still has that label; else the title it was issued with. ``certificate``: a Certificate, or a row
    with ``programme_code``, ``level`` and ``title``."""
    programme = current_workflows().programmes.get(certificate.programme_code)
    awards = programme.awards if programme is not None else None
    if awards is None:
        return certificate.title
    label = awards.level(certificate.level).label if certificate.level and awards.level(certificate.level) else None
    if label is None and not certificate.level and awards.intermediate is not None:
        label = awards.intermediate.label
    return local(label) if label is not None and label == certificate.title else certificate.title


def _day(moment: datetime | None) -> str:
    return format_date(moment.date(), format="long") if moment is not None else ""


def page_of(certificate: Certificate) -> CertificatePage:
    """The certificate's texts, translated into the school's language."""
    school = certificate.school
    with force_locale(locale_of(school.language)):
        if certificate.is_award:
            heading = _("Certificate")
            statement = _("has been certified in the programme")
            level_line = _("at the level %(level)s", level=title_of(certificate)) if certificate.level else ""
        else:
            heading = title_of(certificate)
            statement = _("has committed to the programme")
            level_line = ""
        if certificate.expires_at is not None:
            dates = _(
                "Issued on %(issued)s · valid until %(expires)s",
                issued=_day(certificate.issued_at),
                expires=_day(certificate.expires_at),
            )
        else:
            dates = _("Issued on %(issued)s", issued=_day(certificate.issued_at))
        return CertificatePage(
            heading=heading,
            presented_to=_("This certifies that"),
            school_name=certificate.school_name,
            school_place=_(
                "%(region)s, %(country)s",
                region=region_name(school.region_code, fallback=school.region.name),
                country=country_name(school.country_code, fallback=school.country.name),
            ),
            statement=statement,
            programme_name=programme_name_of(certificate),
            level_line=level_line,
            dates_line=dates,
            serial_line=_("Serial %(serial)s", serial=certificate.serial),
            verify_caption=_("Check this certificate at"),
            verify_url=verify_url(certificate),
            issuer_name=_("Safe School Accreditation"),
            title=_(
                "%(programme)s: %(school)s", programme=programme_name_of(certificate), school=certificate.school_name
            ),
        )


def render_pdf(certificate: Certificate) -> bytes:
    return render_certificate(page_of(certificate))


def ensure_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF: the stored one, or rendered and stored now (in the caller's transaction; the file
    is discarded again if that transaction rolls back)."""
    if certificate.pdf_key:
        try:
            return storage.read_bytes(certificate.pdf_key, certificate.pdf_sha256)
        except (FileNotFoundError, ValueError, storage.ChecksumMismatch):
            pass  # lost from the store: render it again
    content = render_pdf(certificate)
    stored = storage.store_bytes(content)
    storage.discard_on_rollback(db.session, stored.key)
    db.session.execute(
        update(Certificate)
        .where(Certificate.id == certificate.id)
        .values(pdf_key=stored.key, pdf_sha256=stored.sha256),
        execution_options={"synchronize_session": False},
    )
    certificate.pdf_key, certificate.pdf_sha256 = stored.key, stored.sha256
    return content
