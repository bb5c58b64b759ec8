"""The shapes of the school's people, invitations, certificates and public-listing choice in the API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from accreditation.api.fields import Text
from accreditation.models.school import MemberRole

ROLES = [MemberRole.SCHOOL_STAFF.value, MemberRole.SCHOOL_ADMIN.value]
BINARY = {"type": "string", "format": "binary"}
CREDENTIAL = {
    "type": "object",
    "description": "An Open Badges 3.0 OpenBadgeCredential with an eddsa-jcs-2022 Data Integrity proof.",
}


class SchoolMemberSchema(Schema):
    user_id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    role_label = fields.String(required=True)
    member_since = fields.DateTime(required=True)
    may_remove = fields.Boolean(
        required=True, metadata={"description": "You may remove this member (nobody removes themselves)."}
    )


class SchoolInvitationSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    role_label = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    expires_at = fields.DateTime(required=True)
    pending = fields.Boolean(required=True, metadata={"description": "False once its link has expired."})


class SentSchoolInvitationSchema(SchoolInvitationSchema):
    sent = fields.Boolean(
        required=True,
        metadata={"description": "Whether the e-mail went out; if not, invite the same address again later."},
    )


class NewSchoolInvitationSchema(Schema):
    email = Text(required=True, validate=[validate.Length(min=1, max=254), validate.Email()])
    role = fields.String(
        load_default=MemberRole.SCHOOL_STAFF.value,
        validate=validate.OneOf(ROLES),
        metadata={"description": "school_staff (the default) or school_admin."},
    )


class SchoolCertificateSchema(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True, metadata={"description": "The verification code printed on it."})
    verify_url = fields.String(required=True)
    serial = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["award", "intermediate"]))
    programme = fields.String(required=True)
    programme_name = fields.String(required=True)
    level = fields.String(required=True, allow_none=True)
    title = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["valid", "expired", "revoked"]))
    outcome = fields.String(
        required=True,
        metadata={"description": "The precise status: valid, expired, revoked, superseded, suspended or ended."},
    )
    status_label = fields.String(required=True)
    in_force = fields.Boolean(required=True)
    not_in_force_since = fields.DateTime(required=True, allow_none=True)
    issued_at = fields.DateTime(required=True)
    expires_at = fields.DateTime(required=True, allow_none=True)


class PublicListingSchema(Schema):
    listed = fields.Boolean(
        required=True,
        truthy={True},
        falsy={False},
        metadata={"description": "The school appears on the public list of certified schools while certified."},
    )
