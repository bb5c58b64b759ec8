"""Schemas of ``/api/v1/stats/regional-index`` (issue 31)."""

from __future__ import annotations

from marshmallow import Schema, fields

from accreditation.api.fields import Text
from accreditation.api.schemas import CODE, COUNTRY, REGION


class RegionalIndexQuerySchema(Schema):
    programme = Text(required=True, validate=CODE)
    country = Text(required=True, validate=COUNTRY)
    region = Text(validate=REGION, metadata={"description": "Only this region of the country."})
    year = Text(metadata={"description": "A year from 2000 to this one. Default: this year (to date)."})


class MedianSchema(Schema):
    criterion = fields.String(required=True)
    median = fields.Float(allow_none=True, metadata={"description": "null: nobody, or hidden (small numbers)."})
    population = fields.Integer(allow_none=True, metadata={"description": "Schools it is computed on; null: hidden."})
    hidden = fields.Boolean(required=True)


class RegionIndexSchema(Schema):
    region = fields.String(required=True)
    region_name = fields.String(required=True)
    registry = fields.Integer(allow_none=True, metadata={"description": "Schools in the registry; null: hidden."})
    engaged = fields.Integer(allow_none=True, metadata={"description": "Schools that started; null: hidden."})
    certified = fields.Integer(allow_none=True, metadata={"description": "Schools holding a valid award."})
    engagement = fields.Float(allow_none=True)
    certification = fields.Float(allow_none=True)
    rank = fields.Integer(allow_none=True)
    previous_rank = fields.Integer(allow_none=True)
    change = fields.Float(allow_none=True, metadata={"description": "Engagement share gained since the year before."})
    claimed = fields.List(fields.Nested(MedianSchema), required=True)
    reviewed = fields.List(fields.Nested(MedianSchema), required=True)


class RegionalIndexSchema(Schema):
    programme = fields.String(required=True)
    country = fields.String(required=True)
    year = fields.Integer(required=True)
    threshold = fields.Integer(required=True, metadata={"description": "Figures from fewer schools are hidden."})
    registry = fields.Integer(allow_none=True)
    engaged = fields.Integer(allow_none=True)
    certified = fields.Integer(allow_none=True)
    regions = fields.List(fields.Nested(RegionIndexSchema), required=True)
