"""The API's blueprint and its OpenAPI 3.1 description, built by flask-smorest from the views' decorators: the same
marshmallow schemas validate every request and describe it, so the description cannot drift from the code.

Inputs are strict: an unknown field, in a body, a form or the query string, is refused (422) like a wrong type.
"""

from __future__ import annotations

import http
import json
from collections.abc import Callable

import flask_smorest
import marshmallow as ma
from flask import Flask
from flask_smorest import Api
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

from accreditation.api.idempotency_description import HEADER_PARAMETER, REPLAYED_HEADER, RETRY_AFTER
from accreditation.api.schemas import ErrorSchema

BEARER = "bearerToken"
DESCRIPTION = """\
The JSON API of Safe School Accreditation, for ministries, national centres and school information systems.

Get a token with `POST /api/v1/tokens` (your e-mail address and password; throttled like the sign-in page) and send
it as `Authorization: Bearer <token>` on every other call, except the public ones (the programmes, their frameworks,
certificate verification and this description). A token expires after a configured number of days; list and revoke
yours with `GET /api/v1/tokens` and `DELETE /api/v1/tokens/{token_id}`.

Everyone sees only what is theirs: a school's members their school and its applications, assessors the applications
assigned to them, coordinators the schools and applications of their countries and regions, admins everything.

Errors are always `{"error": {"code", "message"}}`, with `reasons` when an action's conditions are not met and
`fields` when the input is invalid (unknown fields and wrong types included).
"""


class StrictParser(FlaskParser):
    """webargs' parser with unknown fields refused everywhere, and a ``multipart`` location (form fields and files
    of one ``multipart/form-data`` body, checked by one schema)."""

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": ma.RAISE,
        "querystring": ma.RAISE,
        "form": ma.RAISE,
        "files": ma.RAISE,
        "multipart": ma.RAISE,
    }

    def _raw_load_json(self, req):
        """A body nested too deeply for Python's parser is invalid JSON like any other (not a RecursionError)."""
        try:
            return super()._raw_load_json(req)
        except RecursionError:
            raise json.JSONDecodeError("nested too deeply", "[", 0) from None


PARSER = StrictParser()


@PARSER.location_loader("multipart")
def load_multipart(request, schema):
    return PARSER._makeproxy(CombinedMultiDict([request.form, request.files]), schema)


class ApiBlueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint; every operation it describes gets what an integrator relies on, whoever wrote its
    view: an ``operationId`` (the view function's name, unique like its endpoint) and, on a POST, the
    ``Idempotency-Key`` header with the answers it may give (``accreditation.api.idempotency``)."""

    ARGUMENTS_PARSER = PARSER
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **flask_smorest.Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": "multipart/form-data",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_contract_doc)

    def _store_endpoint_docs(self, endpoint, obj, parameters, tags, **options) -> None:
        super()._store_endpoint_docs(endpoint, obj, parameters, tags, **options)
        single = len(options.get("methods", ("GET",))) == 1
        for method, info in self._docs[endpoint].items():
            if method != "parameters":
                info["operation_id"] = endpoint if single else f"{endpoint}_{method}"

    @staticmethod
    def _prepare_contract_doc(doc: dict, doc_info: dict, *, method: str, **kwargs) -> dict:
        doc.setdefault("operationId", doc_info["operation_id"])
        if doc_info.get("headers"):
            doc.setdefault("parameters", []).extend(doc_info["headers"])
        for status, response in doc_info.get("extra_responses", {}).items():
            doc.setdefault("responses", {}).setdefault(status, response)
        if method == "post":
            idempotent(doc)
        return doc

    def arguments(self, schema, *, location: str = "json", **kwargs) -> Callable:
        """flask-smorest's ``arguments``; a JSON body also documents 400 (a body that is not JSON at all)."""
        parse = super().arguments(schema, location=location, **kwargs)
        if location != "json":
            return parse
        return lambda view: self.errors(400)(parse(view))

    def errors(self, *statuses: int) -> Callable:
        """Document the error statuses an operation may answer with (each with the error schema)."""

        def decorator(view: Callable) -> Callable:
            for status in statuses:
                view = self.alt_response(status, response=http.HTTPStatus(status).name)(view)
            return view

        return decorator


def idempotent(doc: dict) -> None:
    """Describe the ``Idempotency-Key`` header of a POST: the parameter, ``Idempotent-Replayed`` on its successful
    answers, 422 (the key was used for another request) and 409 with ``Retry-After`` (still in progress)."""
    doc.setdefault("parameters", []).append(HEADER_PARAMETER)
    responses = doc.setdefault("responses", {})
    for status, response in responses.items():
        if 200 <= int(status) < 300 and isinstance(response, dict):
            response.setdefault("headers", {}).update(REPLAYED_HEADER)
    conflict = {key: value for key, value in responses.items() if int(key) == 409}
    for key in conflict:
        del responses[key]
    responses[409] = {
        "description": "A conflict, or a request with the same Idempotency-Key still in progress (Retry-After).",
        "content": {"application/json": {"schema": ErrorSchema}},
        "headers": RETRY_AFTER,
    }
    if not any(int(key) == 422 for key in responses):
        responses[422] = http.HTTPStatus.UNPROCESSABLE_ENTITY.name


class ApiDescription(Api):
    """flask-smorest's Api with our error schema for every documented error, no catch-all ``default`` response
    (every status an operation answers with is listed), and no error handler of its own on the whole application:
    the API blueprint handles its errors (``accreditation.api.errors``)."""

    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self) -> None:
        pass


bp = ApiBlueprint("api", __name__, url_prefix="/api/v1", description="Safe School Accreditation API v1")


def init_description(app: Flask) -> ApiDescription:
    app.config.setdefault("API_TITLE", "Safe School Accreditation")
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault(
        "API_SPEC_OPTIONS",
        {
            "info": {"description": DESCRIPTION},
            "components": {
                "securitySchemes": {BEARER: {"type": "http", "scheme": "bearer", "description": "An API token."}}
            },
        },
    )
    app.config.setdefault("API_SPEC_OPTIONS", {}).setdefault("servers", [{"url": app.config["BASE_URL"]}])
    api = ApiDescription(app)
    return api
