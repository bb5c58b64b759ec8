"""``/api/v1/certificates/<code>``: the public verification of a certificate's code."""

from __future__ import annotations

from accreditation.api.description import bp
from accreditation.api.representations import certificate_json
from accreditation.api.schemas import CertificateStatusSchema
from accreditation.certificates.reads import verify_code


@bp.route("/certificates/<code>", methods=["GET"], tags=["certificates"])
@bp.response(200, CertificateStatusSchema)
@bp.errors(404)
def verify(code: str):
    """What a certificate's verification code (printed on it, in its QR code) says now (public).

    `status` is valid, expired, revoked, or unknown for a code that is no certificate's (altered, made up or
    deleted); `outcome` is more precise (superseded, invalid). (404 only for an address that holds no code.)"""
    return certificate_json(verify_code(code)), 200, {"Access-Control-Allow-Origin": "*"}
