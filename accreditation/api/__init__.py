"""The JSON API v1 under ``/api/v1``, for ministries, national centres and school information systems, described
by ``/api/v1/openapi.json`` (OpenAPI 3.1, generated from the views). Token-authenticated: no cookies, no sessions,
no CSRF token. Its views call the domain operations the pages call."""

from __future__ import annotations

from flask import Flask

from accreditation.api.description import bp, init_description


def init_api(app: Flask) -> None:
    from accreditation.api import (  # noqa: F401  (the views attach themselves to the blueprint)
        application_routes,
        assessor_quality_routes,
        assessor_quality_writes,
        between_awards_routes,
        between_awards_writes,
        certificate_routes,
        coordination_routes,
        idempotency,  # its hooks attach themselves to the blueprint
        network_document_routes,
        network_routes,
        programme_routes,
        regional_index_routes,
        review_routes,
        school_people_routes,
        school_routes,
        self_assessment_routes,
        stats_routes,
        survey_routes,
        token_routes,
    )
    from accreditation.extensions import csrf

    csrf.exempt(bp)
    api = init_description(app)
    api.register_blueprint(bp)
