"""The shapes of school networks in the API (issue 31)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from accreditation.api.fields import File, Text, WholeNumber
from accreditation.api.schemas import COUNTRY


class NetworkSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = Text(required=True, validate=validate.Length(min=1, max=200))
    country = Text(required=True, validate=COUNTRY)
    schools = fields.Integer(dump_only=True, metadata={"description": "How many schools the network has."})
    may_manage = fields.Boolean(dump_only=True, metadata={"description": "False for a network lead."})
    your_role = fields.String(
        dump_only=True, metadata={"description": "The caller's role on it: admin, coordinator or network_lead."}
    )


class AddSchoolsSchema(Schema):
    """One of: ``school_ids`` (by hand), ``region`` (every school of a region), ``csv`` (national ids; with
    ``preview`` true nothing is added and the per-row report is returned)."""

    school_ids = fields.List(WholeNumber(minimum=1), load_default=None)
    region = Text(load_default=None)
    csv = Text(load_default=None, validate=validate.Length(max=500_000))
    preview = fields.Boolean(load_default=False)


class CsvRowSchema(Schema):
    line = fields.Integer()
    national_id = fields.String()
    school_id = fields.Integer(allow_none=True)
    school_name = fields.String()
    problem = fields.String(allow_none=True)


class AddSchoolsResultSchema(Schema):
    added = fields.Integer(metadata={"description": "Schools that joined now (0 in a preview)."})
    rows = fields.List(fields.Nested(CsvRowSchema), metadata={"description": "The CSV's report, row by row."})


class LeadSchema(Schema):
    email = fields.Email(required=True, load_only=True)
    user_id = fields.Integer(dump_only=True)
    network_id = fields.Integer(dump_only=True)


class SchoolProgressSchema(Schema):
    school_id = fields.Integer()
    name = fields.String()
    region = fields.String()
    programme = fields.String(allow_none=True)
    state = fields.String(allow_none=True)
    award_level = fields.String(allow_none=True)


class MessageSchema(Schema):
    subject = Text(required=True, load_only=True, validate=validate.Length(min=1, max=200))
    body = Text(required=True, load_only=True, validate=validate.Length(min=1, max=10_000))
    id = fields.Integer(dump_only=True)
    recipients = fields.Integer(dump_only=True, metadata={"description": "The admins of the network's schools."})


class SharedDocumentUploadSchema(Schema):
    file = File(required=True)
    title = Text(required=True, validate=validate.Length(min=1, max=200))


class SharedDocumentSchema(Schema):
    id = fields.Integer()
    network_id = fields.Integer()
    title = fields.String()
    filename = fields.String()
    media_type = fields.String()
    size = fields.Integer()


class AdoptSchema(Schema):
    network_document_id = WholeNumber(minimum=1, required=True, load_only=True)
    document_id = fields.Integer(dump_only=True)
    file_id = fields.Integer(dump_only=True, metadata={"description": "Download it: GET /documents/files/{file_id}."})
    origin = fields.String(dump_only=True, metadata={"description": "The network and title it was copied from."})


class RegionsPageSchema(Schema):
    shown = fields.Boolean(
        required=True,
        metadata={"description": "Shown on the public page of certified schools by region while certified (opt-in)."},
    )
