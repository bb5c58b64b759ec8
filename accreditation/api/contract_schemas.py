"""The request shapes of what an integrator relies on across the API: the lists' paging, sorting and incremental
sync (``accreditation.api.paging``), and firing an event with its version in the body or in ``If-Match``."""

from __future__ import annotations

from marshmallow import fields

from accreditation.api.application_schemas import EventInputSchema
from accreditation.api.fields import Text, WholeNumber, query_number
from accreditation.api.paging import PageQuerySchema, sort_field
from accreditation.api.schemas import CODE, COUNTRY, REGION

APPLICATION_SORTS = ("id", "created_at", "updated_at", "state_entered_at", "state", "programme", "school_id")
SCHOOL_SORTS = ("id", "name", "created_at", "country", "region")
TOKEN_SORTS = ("id", "name", "created_at", "expires_at")


class ApplicationListQuerySchema(PageQuerySchema):
    school_id = query_number(1)
    programme = Text(validate=CODE)
    state = Text(validate=CODE)
    sort = sort_field(APPLICATION_SORTS)


class SchoolListQuerySchema(PageQuerySchema):
    country = Text(validate=COUNTRY)
    region = Text(validate=REGION)
    sort = sort_field(SCHOOL_SORTS)


class TokenListQuerySchema(PageQuerySchema):
    sort = sort_field(TOKEN_SORTS, default="-created_at")


class FireEventSchema(EventInputSchema):
    expected_version = WholeNumber(
        minimum=1,
        metadata={
            "description": "The application's version the caller has seen; or send it as If-Match (its ETag).",
            "example": 3,
        },
    )
    send_as_is = fields.Boolean(
        metadata={
            "description": (
                "When the school sends its self-assessment again after the assessor returned it: true to send it "
                "even though some of the criteria the assessor returned are unchanged (without it, that is refused "
                "with 422 and the code unaddressed_items, listing them in criteria)."
            ),
            "example": False,
        },
    )


FIRE_EVENT_EXAMPLE = {"expected_version": 3, "comment": "All five modules are in place; please review us."}
NEW_APPLICATION_EXAMPLE = {"school_id": 12, "programme": "ciss"}
NEW_SCHOOL_EXAMPLE = {
    "national_id": "MD-CU-0042",
    "name": "Liceul Teoretic „Mihai Eminescu”",
    "country": "MD",
    "region": "MD-CU",
    "language": "ro",
    "type": "secondary",
    "address": "str. Mihai Eminescu 12, Chișinău",
    "pupils": 640,
    "email": "director@example.org",
}
TOKEN_REQUEST_EXAMPLE = {"email": "you@example.org", "password": "your password", "name": "our reporting"}
ANSWER_EXAMPLE = {"level": 3, "commentary": "Our acceptable use policy was adopted in May.", "revision": 2}
