"""The OpenAPI description: served at ``/api/v1/openapi.json``, generated from the views, and kept to: Schemathesis
sends requests made from it (valid ones and invalid ones) and checks that no answer is a server error or differs
from what the description says (status, content type, headers, body)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accreditation.extensions import db
from tests.api.builders import ADMIN, ASSESSOR, HEAD_A, Scene, make_token
from tests.assessment.builders import framework_of

CONTRACT = {
    ("post", "/api/v1/tokens"),
    ("get", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{token_id}"),
    ("get", "/api/v1/programmes"),
    ("get", "/api/v1/programmes/{code}/framework"),
    ("get", "/api/v1/schools"),
    ("get", "/api/v1/schools/{school_id}"),
    ("post", "/api/v1/schools"),
    ("post", "/api/v1/applications"),
    ("get", "/api/v1/applications/{application_id}"),
    ("put", "/api/v1/applications/{application_id}/answers/{criterion_code}"),
    ("post", "/api/v1/applications/{application_id}/documents"),
    ("post", "/api/v1/applications/{application_id}/events/{event}"),
    ("get", "/api/v1/applications/{application_id}/history"),
    ("get", "/api/v1/certificates/{code}"),
    ("get", "/api/v1/stats/progress"),
}
PUBLIC = {
    ("post", "/api/v1/tokens"),
    ("get", "/api/v1/programmes"),
    ("get", "/api/v1/programmes/{code}/framework"),
    ("get", "/api/v1/certificates/{code}"),
}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Who calls each operation: the school's admin where the school acts, the assigned assessor for events, an admin
# elsewhere.
CALLER = {
    ("post", "/api/v1/applications"): "school",
    ("put", "/api/v1/applications/{application_id}/answers/{criterion_code}"): "school",
    ("post", "/api/v1/applications/{application_id}/documents"): "school",
    ("post", "/api/v1/applications/{application_id}/events/{event}"): "assessor",
}
MAX_EXAMPLES = 20
OTHER_EXAMPLES = 10


def pinned_parameters(method: str, path: str, scene: Scene) -> dict[str, object] | None:
    """Path parameters that name the scene's real objects, for a run that reaches past the 404s (None: no such
    run for this operation; tokens are left alone, not to revoke the caller's)."""
    with_scene = {
        ("get", "/api/v1/programmes/{code}/framework"): {"code": "esafety-label"},
        ("get", "/api/v1/schools/{school_id}"): {"school_id": scene.world.school_a},
        ("get", "/api/v1/applications/{application_id}"): {"application_id": scene.ciss},
        ("get", "/api/v1/applications/{application_id}/history"): {"application_id": scene.ciss},
        ("put", "/api/v1/applications/{application_id}/answers/{criterion_code}"): {
            "application_id": scene.esafety,
            "criterion_code": framework_of().criteria[0].code,
        },
        ("post", "/api/v1/applications/{application_id}/documents"): {"application_id": scene.esafety},
        ("post", "/api/v1/applications/{application_id}/events/{event}"): {
            "application_id": scene.ciss,
            "event": "reschedule_visit",
        },
    }
    return with_scene.get((method, path))


def test_the_description_is_openapi_3_1_and_covers_the_contract(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    description = response.get_json()
    assert description["openapi"] == "3.1.0"
    operations = {
        (method, path) for path, item in description["paths"].items() for method in item if method != "parameters"
    }
    assert operations >= CONTRACT
    for path, item in description["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            secured = "security" in operation
            assert secured == ((method, path) not in PUBLIC), (method, path)
            if secured:
                assert "401" in operation["responses"], (method, path)
    error = description["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]


OPERATIONS = sorted(CONTRACT | {("get", "/api/v1/applications")})


def described_operations(client) -> set[tuple[str, str]]:
    description = client.get("/api/v1/openapi.json").get_json()
    return {(method, path) for path, item in description["paths"].items() for method in item if method != "parameters"}


def test_every_operation_of_the_description_is_fuzzed(client):
    """The contract's operations one by one (below), every other operation together
    (``test_every_other_operation_answers_as_its_description_says``): nothing described escapes."""
    assert set(OPERATIONS) <= described_operations(client)


@pytest.fixture
def fuzz_tokens(app, scene) -> dict[str, str]:
    """Tokens with ids far above any other token's, so that ``DELETE /tokens/{token_id}`` with generated ids does
    not revoke them."""
    with app.app_context():
        tokens = {
            "school": make_token(HEAD_A, id=2_000_000_001)[0],
            "assessor": make_token(ASSESSOR, id=2_000_000_002)[0],
            "admin": make_token(ADMIN, id=2_000_000_003)[0],
        }
        db.session.commit()
    return tokens


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m.upper()} {p}" for m, p in OPERATIONS])
def test_the_api_answers_as_its_description_says(app, scene, fuzz_tokens, method, path):
    """Requests generated from the description, in a fixed sequence (derandomized): valid ones, valid ones naming
    the scene's real objects, and invalid ones. No answer may be a server error or differ from the description
    (status, content type, headers, body); an invalid request must be refused."""
    check_against_description(app, scene, fuzz_tokens, method, path)


def test_every_other_operation_answers_as_its_description_says(app, client, scene, fuzz_tokens):
    """The operations added beyond the contract, fuzzed the same way (as an admin, fewer examples each); every
    failing operation is reported, not only the first."""
    failures = {}
    for method, path in sorted(described_operations(client) - set(OPERATIONS)):
        try:
            check_against_description(app, scene, fuzz_tokens, method, path, examples=OTHER_EXAMPLES)
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 (collected, reported together below)
            failures[f"{method.upper()} {path}"] = str(failure)[:2000]
    assert not failures, "\n\n".join(f"{name}:\n{failure}" for name, failure in failures.items())


def check_against_description(
    app, scene: Scene, fuzz_tokens: dict[str, str], method: str, path: str, examples: int = MAX_EXAMPLES
):
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method.upper()]
    headers = {"Authorization": f"Bearer {fuzz_tokens[CALLER.get((method, path), 'admin')]}"}
    with app.app_context():
        pinned = pinned_parameters(method, path, scene)
    runs = [(GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None)]
    if pinned:
        runs.append((GenerationMode.POSITIVE, pinned))
    for mode, path_parameters in runs:
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

        @given(case=strategy)
        @settings(
            max_examples=examples,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def keeps_to_the_description(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            keeps_to_the_description()
        except Unsatisfiable:
            # Nothing of the operation can be made invalid (no parameter, no body): there is no negative case.
            assert mode == GenerationMode.NEGATIVE, f"no valid request could be generated for {method} {path}"
