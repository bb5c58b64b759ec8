"""``/api/v1/schools/{school_id}/…``: the school's members (list, remove), its invitations (list, invite, revoke),
its certificates (list, PDF, signed credential, the public-listing choice) and the export of its data. Each goes
through the operation the school's pages call (``remove_member``, ``invite`` and ``send_invitation_mail``,
``revoke``, ``ensure_pdf``, ``credential_in_force``, ``set_public_listing``, ``write_archive``), so the same people
may do the same things."""

from __future__ import annotations

import json

from flask import Response, current_app, send_file
from flask_babel import gettext as _

from accreditation.access import can_administer_school, can_see_school
from accreditation.accounts.invitations import (
    AlreadyAccepted,
    NoSuchInvitation,
    invite,
    pending_invitations,
    revoke,
    send_invitation_mail,
)
from accreditation.accounts.members import MayNotRemove, NoSuchMember, may_remove_members, members_of, remove_member
from accreditation.accounts.users import AccountError
from accreditation.api.auth import authenticated, caller
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.school_people_representations import invitation_json, member_json, school_certificate_json
from accreditation.api.school_people_schemas import (
    BINARY,
    CREDENTIAL,
    NewSchoolInvitationSchema,
    PublicListingSchema,
    SchoolCertificateSchema,
    SchoolInvitationSchema,
    SchoolMemberSchema,
    SentSchoolInvitationSchema,
)
from accreditation.applications.errors import ApplicationError, NotPermitted
from accreditation.assessment.export import write_archive
from accreditation.audit import record_read
from accreditation.certificates.listing import set_public_listing
from accreditation.certificates.reads import certificates_of_school, credential_in_force
from accreditation.certificates.rendering import ensure_pdf, verify_url
from accreditation.certificates.status import standing
from accreditation.extensions import db
from accreditation.mail import MailError
from accreditation.models import Certificate, School
from accreditation.models.time import utcnow
from accreditation.transactions import commit_early

PEOPLE = ["school members"]
CERTIFICATES = ["certificates"]
ID = "<int(min=1, max=2147483647):school_id>"
NUMBER = "int(min=1, max=2147483647)"


class NoSuchSchool(ApplicationError):
    status = 404


class NotYours(ApplicationError):
    """The school exists, but the caller is not one who may see it."""

    status = 403


class NoSuchCertificate(ApplicationError):
    status = 404


def _school(school_id: int) -> School:
    """The school, for someone who may see it (its members, its coordinators, admins): 404, then 403."""
    school = db.session.get(School, school_id)
    if school is None:
        raise NoSuchSchool(_("There is no such school."))
    if not can_see_school(caller(), school):
        raise NotYours(_("This school is not one you may see."))
    return school


def _administered(school_id: int, message: str) -> School:
    """The school, for its own admins only (``message``: why anyone else is refused)."""
    school = _school(school_id)
    if not can_administer_school(caller(), school):
        raise NotPermitted(message)
    return school


def _refused(status: int, error: AccountError, code: str):
    """An account operation's refusal, nothing it began kept (the request's end rolls back an error answer)."""
    return error_response(status, str(error), code, reasons=[str(error)])


# --- members ---------------------------------------------------------------------------------------------------------


@bp.route(f"/schools/{ID}/members", methods=["GET"], tags=PEOPLE)
@authenticated
@bp.response(200, SchoolMemberSchema(many=True))
@bp.errors(403, 404)
def list_school_members(school_id: int):
    """The school's members, by role then name, as its members page lists them (for whoever may see the school).

    ``may_remove`` says whether you may remove each one."""
    school = _school(school_id)
    user = caller()
    may_remove = may_remove_members(user, school)
    return [member_json(m, person, may_remove and person.id != user.id) for m, person in members_of(school)]


@bp.route(f"/schools/{ID}/members/<{NUMBER}:user_id>", methods=["DELETE"], tags=PEOPLE)
@authenticated
@bp.response(204)
@bp.errors(403, 404, 422)
def remove_school_member(school_id: int, user_id: int):
    """Remove someone who has left the school (its admins, the coordinators over it and the admins).

    They keep their account; what they did stays in the history. Nobody removes themselves (422): another admin of
    the school does. 404 when the person is not a member of the school."""
    school = _school(school_id)
    user = caller()
    try:
        person = remove_member(school, user, user_id)
    except MayNotRemove as error:
        return _refused(403, error, "not_permitted")
    except NoSuchMember as error:
        return _refused(404, error, "no_such_member")
    except AccountError as error:
        return _refused(422, error, "cannot_remove_yourself")
    current_app.logger.info("user %s removed user %s from school %s (API)", user.id, person.id, school.id)
    return "", 204


# --- invitations -----------------------------------------------------------------------------------------------------


def _invitations_school(school_id: int) -> School:
    return _administered(school_id, _("Only the school’s admins manage its invitations."))


@bp.route(f"/schools/{ID}/invitations", methods=["GET"], tags=PEOPLE)
@authenticated
@bp.response(200, SchoolInvitationSchema(many=True))
@bp.errors(403, 404)
def list_school_invitations(school_id: int):
    """The invitations not yet accepted, newest first, with whether each link still works (the school's admins)."""
    school = _invitations_school(school_id)
    return [invitation_json(invitation) for invitation in pending_invitations(school)]


@bp.route(f"/schools/{ID}/invitations", methods=["POST"], tags=PEOPLE)
@authenticated
@bp.arguments(NewSchoolInvitationSchema)
@bp.response(201, SentSchoolInvitationSchema)
@bp.errors(403, 404, 422)
def invite_school_member(body: dict, school_id: int):
    """Invite a colleague by e-mail as school staff or school admin (the school's admins, once it is verified).

    The e-mail carries a link to create an account or join with an existing one. Inviting an address again replaces
    its earlier invitation (only the newest link works). 422 with the reason when the school is not verified yet or
    the person is already a member. ``sent`` is false when the invitation is saved but its e-mail could not go out."""
    school = _invitations_school(school_id)
    user = caller()
    try:
        invitation, token = invite(school, user, body["email"], body["role"])
    except AccountError as error:
        return _refused(422, error, "not_invitable")
    commit_early()  # the e-mailed link must find its invitation; the answer says whether the e-mail went
    current_app.logger.info("user %s invited %s to school %s (API)", user.id, invitation.email, school.id)
    sent = True
    try:
        send_invitation_mail(invitation, token, user)
    except MailError:
        current_app.logger.exception("could not e-mail invitation %s", invitation.id)
        sent = False
    return {**invitation_json(invitation), "sent": sent}, 201


@bp.route(f"/schools/{ID}/invitations/<{NUMBER}:invitation_id>/revoke", methods=["POST"], tags=PEOPLE)
@authenticated
@bp.response(204)
@bp.errors(403, 404, 409)
def revoke_school_invitation(school_id: int, invitation_id: int):
    """Revoke an invitation not yet accepted: its link stops working (the school's admins).

    404 for an invitation that is not this school's (or was already revoked), 409 when it was accepted."""
    school = _invitations_school(school_id)
    try:
        revoke(school, caller(), invitation_id)
    except NoSuchInvitation as error:
        return _refused(404, error, "no_such_invitation")
    except AlreadyAccepted as error:
        return _refused(409, error, "already_accepted")
    return "", 204


# --- certificates ----------------------------------------------------------------------------------------------------


def _certificate(school_id: int, certificate_id: int) -> Certificate:
    """A certificate of a school the caller may see (404 when it is not that school's)."""
    school = _school(school_id)
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.school_id != school.id:
        raise NoSuchCertificate(_("The school has no such certificate."))
    return certificate


@bp.route(f"/schools/{ID}/certificates", methods=["GET"], tags=CERTIFICATES)
@authenticated
@bp.response(200, SchoolCertificateSchema(many=True))
@bp.errors(403, 404)
def list_school_certificates(school_id: int):
    """The school's certificates, newest first, each with its verification code and what it says now.

    ``status`` is valid, expired or revoked (as in ``GET /certificates/{code}``), ``outcome`` the precise one."""
    school = _school(school_id)
    now = utcnow()
    return [school_certificate_json(c, standing(c, now)) for c in certificates_of_school(school.id)]


@bp.route(f"/schools/{ID}/certificates/<{NUMBER}:certificate_id>/pdf", methods=["GET"], tags=CERTIFICATES)
@authenticated
@bp.response(200, BINARY, content_type="application/pdf")
@bp.errors(403, 404)
def get_certificate_pdf(school_id: int, certificate_id: int):
    """The certificate's PDF, the same file as the school's page serves (whatever the certificate's status)."""
    certificate = _certificate(school_id, certificate_id)
    content = ensure_pdf(certificate)  # a PDF made now is kept: the request's end commits it
    record_read("certificate_pdf", certificate=certificate.id, school=certificate.school_id)
    response = Response(content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{certificate.serial}.pdf"'
    return response


@bp.route(f"/schools/{ID}/certificates/<{NUMBER}:certificate_id>/credential", methods=["GET"], tags=CERTIFICATES)
@authenticated
@bp.response(200, CREDENTIAL, content_type="application/ld+json")
@bp.errors(403, 404, 410)
def get_certificate_credential(school_id: int, certificate_id: int):
    """The certificate as a signed Open Badges 3.0 credential (the public ``credential.json``), while it is in force.

    410 when it is not (expired, revoked, replaced, suspended, ended): a signed credential of it would look valid
    wherever it is shown."""
    certificate = _certificate(school_id, certificate_id)
    now, document = credential_in_force(certificate)
    if document is None:
        message = _("This certificate is not in force: there is no credential of it to hand out.")
        return error_response(410, message, "not_in_force", outcome=now.status, verify_url=verify_url(certificate))
    response = Response(json.dumps(document, ensure_ascii=False, indent=2), mimetype="application/ld+json")
    response.headers["Content-Disposition"] = f'attachment; filename="{certificate.serial}.credential.json"'
    return response


@bp.route(f"/schools/{ID}/public-listing", methods=["GET"], tags=CERTIFICATES)
@authenticated
@bp.response(200, PublicListingSchema)
@bp.errors(403, 404)
def get_public_listing(school_id: int):
    """Whether the school appears on the public list of certified schools while it is certified."""
    return {"listed": _school(school_id).listed_publicly}


@bp.route(f"/schools/{ID}/public-listing", methods=["PUT"], tags=CERTIFICATES)
@authenticated
@bp.arguments(PublicListingSchema)
@bp.response(200, PublicListingSchema)
@bp.errors(403, 404)
def update_public_listing(body: dict, school_id: int):
    """Choose whether the school appears on the public list of certified schools (the school's admins)."""
    school = set_public_listing(_school(school_id), body["listed"], caller())
    return {"listed": school.listed_publicly}


# --- the school's data -----------------------------------------------------------------------------------------------


@bp.route(f"/schools/{ID}/export", methods=["GET"], tags=PEOPLE)
@authenticated
@bp.response(200, BINARY, content_type="application/zip")
@bp.errors(403, 404)
def export_school_data(school_id: int):
    """Everything the system holds about the school, as the export page gives it: a ZIP archive of ``school.json``
    (details, members, applications with their history, answers, snapshots, documents, action plan ticks, reviews
    and certificates) and the documents' files. The school's admins only."""
    school = _administered(school_id, _("Only the school’s admins export its data."))
    record_read("school_export", school=school.id)
    response = send_file(
        write_archive(school),
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"school-{school.id}-data.zip",
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
