"""The e-mail that sends a new certificate to a school admin: in their language, with the PDF attached."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from accreditation.certificates.rendering import ensure_pdf, programme_name_of, title_of, verify_url
from accreditation.deliveries.sending import Outgoing
from accreditation.i18n import language_of
from accreditation.joints import Joints
from accreditation.models import Delivery
from accreditation.models.reminder import CERTIFICATE


def certificate_message(delivery: Delivery) -> Outgoing:
    certificate = delivery.certificate
    user = delivery.user
    pdf = ensure_pdf(certificate)
    language = language_of(user)
    with force_locale(language):
        values = {
            "user": user,
            "certificate": certificate,
            "programme_name": programme_name_of(certificate),
            "title": title_of(certificate),
            "issued": format_date(certificate.issued_at.date(), format="long"),
            "expires": format_date(certificate.expires_at.date(), format="long") if certificate.expires_at else "",
            "verify_url": verify_url(certificate),
            "school_url": f"{current_app.config['BASE_URL']}/schools/{certificate.school_id}",
        }
        subject = _(
            "%(programme)s: the certificate of %(school)s",
            programme=values["programme_name"],
            school=certificate.school_name,
        )
        text = render_template("email/certificates/issued.txt", **values)
        html = render_template("email/certificates/issued.html", **values)
    filename = f"{certificate.serial}.pdf"
    return Outgoing(user.email, subject, text, html, language, [(filename, "application/pdf", pdf)])


def register(joints: Joints) -> None:
    """The composer of certificates' deliveries."""
    joints.composers[CERTIFICATE] = certificate_message
