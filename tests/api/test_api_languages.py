"""Every API response rendered as a Russian and as a Ukrainian caller has no English label.

One scene has it all: school A's CISS application with a real self-assessment, judged through the API and decided
(changes requested: a decided round with its items), its eSafety Label application under review (an open round,
one judgment), school B's CISS application certified (a certificate with its PDF and credential), an invitation, a
conflict of interest, a pending school. Every GET operation of ``/api/v1/openapi.json`` is called with its path
filled from the scene, as each role, with ``Accept-Language: ru`` and ``uk``; then the typical refusals (a guard's,
a missing field, a 403, a 404, a decision fired as a bare event, bad input). In each JSON body, every string under
a key that holds text for people must have no run of English words (see ``english``). Data (names, e-mails, codes,
dates, what the test or the builders wrote) is not checked: the test writes its own texts in Cyrillic."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from accreditation.certificates.codes import code_for
from accreditation.extensions import db
from accreditation.models import (
    CalibrationExercise,
    CalibrationInvitation,
    Certificate,
    DocumentFile,
    ModerationSample,
    Review,
    School,
    Snapshot,
    User,
)
from accreditation.networks.operations import add_schools, create_network
from accreditation.surveys.windows import open_window
from tests.api.builders import ADMIN, HEAD_A, ROLES, ApiClient, version_of
from tests.applications.builders import SECOND_ASSESSOR, CompleteEvidence, assign, fire_as, start
from tests.applications.builders import person as person_of
from tests.builders import add_school
from tests.certificates.builders import award, run_jobs
from tests.review.builders import COORDINATOR, LEAD, under_review

LANGUAGES = ("ru", "uk")
# Keys whose string values are text for people (decided from the API's schemas): labels, titles, names of
# programmes, levels and states, explanations and messages.
TEXT_KEYS = frozenset(
    {
        "label",
        "name",
        "title",
        "description",
        "message",
        "why",
        "why_not",
        "statement",
        "benchmark_statement",
        "text",
        "refusal",
        "programme_name",
        "gap_label",
        "local_starts_at",
    }
)
# Keys whose every string below is text for people (lists of reasons, warnings…; the invalid fields' messages).
TEXT_CONTAINERS = frozenset({"reasons", "explanation", "warnings", "fields"})
# ``name`` and ``title`` are text for people when they name a programme, a level, a state, an area, a criterion
# (objects with a ``code``), not a person, a school or an uploaded document (data: see ``_names_data``).
DATA_MARKS = frozenset({"email", "national_id", "user_id", "address", "pupils", "document_id", "file_id", "sha256"})
# Names of products, standards and protocol elements that stay as they are in every language.
ALLOWED = frozenset(
    {"eSafety", "Label", "CISS", "PDF", "ETag", "If-Match", "API", "JSON", "ASCII", "UUID", "Idempotency-Key", "CSV"}
    | {"ICS", "ics", "Open", "Badges", "URL", "HTTP", "ISO", "NUL", "e.g", "UTC", "ID", "Authorization", "Bearer"}
    | {"Wi-Fi", "BYOD", "INHOPE", "DNS", "null", "true", "false", "Unicode", "IANA", "MD-CU"}
)
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.'’-]*[A-Za-z0-9]|[A-Za-z]")
SKIPPED_BODIES = ("text/csv", "text/calendar", "application/pdf", "application/zip", "application/ld+json")
# What the test writes itself (in Cyrillic, so that any Latin text in a label came from the code).
# The query string an operation needs (its required parameters), as the scene fills them.
QUERIES = {"/stats/regional-index": "?programme=ciss&country=MD"}
COMMENT = "Нужно больше подтверждений."
PLACE = "Библиотека школы"


def _is_label_word(word: str, allowed: frozenset[str]) -> bool:
    """An English word, not a product name, an identifier (snake_case, digits) or a field name of the request."""
    word = word.strip(".'’-")
    if not word or word in ALLOWED or word in allowed:
        return False
    return not (any(c.isdigit() or c == "_" for c in word) or "." in word)


def english(text: str, allowed: frozenset[str] = frozenset(), data: tuple[str, ...] = ()) -> str | None:
    """The first run of English in ``text``: two Latin-script words in a row (product names aside), or one word of
    three letters or more. E-mail addresses, URLs and the ``data`` (people's and schools' names) are data."""
    for name in data:
        text = text.replace(name, " ")
    text = re.sub(r"\S+@\S+|https?://\S+|/api/v1\S*|<\w+>|\w+/\w+", " ", text)
    text = re.sub(r":\s*[-\w]+(?:,\s*[-\w]+)+", ":", text)  # a list of codes (the choices of a field)
    words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    flagged = [(begin, end, word) for begin, end, word in words if _is_label_word(word, allowed)]
    for index, (_begin, end, word) in enumerate(flagged):
        if len(word) >= 3:
            return word
        following = flagged[index + 1] if index + 1 < len(flagged) else None
        if following and not text[end : following[0]].strip(" ,"):
            return f"{word} {following[2]}"
    return None


def _is_data(node: dict[str, Any], key: str) -> bool:
    """Whether ``key`` of this dict is data: the ``name`` of a person or a school (they have no code), the
    ``title`` of an uploaded document (the school's own, as it gave it)."""
    if key == "name":
        return "code" not in node or bool(DATA_MARKS & node.keys())
    return key == "title" and bool(DATA_MARKS & node.keys())


def leaks(body: Any, where: str, allowed: frozenset[str] = frozenset(), data: tuple[str, ...] = ()) -> Iterator[str]:
    """``where key: text`` for each label in ``body`` with English in it."""

    def walk(node: Any, path: str, key: str | None, inside_text: bool) -> Iterator[str]:
        if isinstance(node, dict):
            for name, value in node.items():
                if _is_data(node, name) and not inside_text:
                    continue
                yield from walk(value, f"{path}.{name}", name, inside_text or name in TEXT_CONTAINERS)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, f"{path}[{index}]", key, inside_text)
        elif isinstance(node, str) and key is not None:
            is_label = inside_text or key in TEXT_KEYS or key.endswith("_label")
            found = english(node, allowed, data) if is_label else None
            if found:
                yield f"{where} {path} ({key}): {node!r} — {found!r}"

    yield from walk(body, "$", None, False)


def test_the_leak_finder_finds_english_and_leaves_data_alone():
    body = {
        "label": "Самооценка",
        "state_label": "Self-assessment",
        "reasons": ["Требуется: policy document"],
        "school": {"name": "Liceul Teoretic A", "email": "a@example.org"},
        "document": {"code": "policy", "title": "Our policy", "document_id": 3},
        "programme": {"name": "Знак eSafety Label", "code": "esafety-label"},
        "error": {"message": "Неверные данные: expected_version: Обязательное поле.", "fields": {"level": ["Is"]}},
        "comment": "Written by a person",
        "title": "Status",
    }
    found = list(leaks(body, "GET /x"))
    assert found == [
        "GET /x $.state_label (state_label): 'Self-assessment' — 'Self-assessment'",
        "GET /x $.reasons[0] (reasons): 'Требуется: policy document' — 'policy'",
        "GET /x $.title (title): 'Status' — 'Status'",
    ]
    assert english("Os ao") == "Os ao" and english("Ок — ETag, If-Match, CISS, PDF") is None
    assert english("sort: Допустимые значения: id, -state, programme.", frozenset({"sort"})) is None
    assert english("Not a valid integer.") == "Not" and english("Нужно целое число: Not") == "Not"


# --- the scene ------------------------------------------------------------------------------------------------------


@dataclass
class LanguageScene:
    ciss_a: int  # its site visit scheduled: an open round, every criterion judged
    label_a: int  # decided: changes requested (round 1 with items)
    ciss_b: int  # certified, its certificate issued
    label_b: int  # school B's eSafety Label, in its self-assessment (nothing answered)
    school_a: int
    school_b: int
    pending_school: int
    certificate: int
    code: str
    file_id: int
    criterion: str
    person: int
    data: tuple[str, ...] = ()  # the names of people and schools (data, also inside messages)
    params: dict[str, list[str]] = field(default_factory=dict)


@contextmanager
def stand_in_evidence(app) -> Iterator[None]:
    """The guards' stand-ins (tests.applications.conftest ``evidence``) only while ``award`` drives school B."""
    workflows = app.extensions["workflows"]
    original = workflows.evidence
    workflows.evidence = CompleteEvidence()
    try:
        yield
    finally:
        workflows.evidence = original


def _ok(response, expected: int = 200) -> Any:
    assert response.status_code == expected, (response.status_code, response.get_data(as_text=True)[:500])
    return response.get_json()


def _judge(api: ApiClient, application_id: int, wanting: int) -> None:
    """The lead judges the round: every criterion (agree) but the first ``wanting``, a level lower (minor gaps)."""
    shown = _ok(api.get(f"/applications/{application_id}/review", "assessor_assigned"))
    for index, row in enumerate(shown["criteria"]):
        body = {"verdict": "agree"}
        if index < wanting:
            body = {"verdict": "different", "level": row["claimed_level"] - 1, "gap": "minor", "comment": COMMENT}
        path = f"/applications/{application_id}/review/judgments/{row['code']}"
        _ok(api.put(path, "assessor_assigned", json=body))


def _build(app, world) -> dict[str, Any]:
    """The database side of the scene (committed)."""
    with app.app_context():
        ciss_a = under_review(world, "ciss")
        assign(ciss_a, SECOND_ASSESSOR, "moderator")
        label_a = under_review(world, "esafety-label")
        with stand_in_evidence(app):
            ciss_b = award(world, "ciss", "b")
            run_jobs(ciss_b, "issue_certificate")
        label_b = start(world, "esafety-label", "b")
        fire_as(label_b, "start_self_assessment", world.emails["school_admin_b"])
        pending = add_school("Școala Nouă", "MD-1999", "MD", "MD-CU", verification="pending").id
        db.session.commit()
        certificate = db.session.scalar(select(Certificate).where(Certificate.application_id == ciss_b))
        file_id = db.session.scalar(select(DocumentFile.id).order_by(DocumentFile.id))
        person = db.session.scalar(select(User.id).where(User.email == SECOND_ASSESSOR))
        built = {"ciss_a": ciss_a, "label_a": label_a, "ciss_b": ciss_b, "label_b": label_b, "pending": pending}
        built |= {"certificate": certificate.id, "code": code_for(certificate.verification_id), "file_id": file_id}
        built["person"] = person
        names = [*db.session.scalars(select(User.name)), *db.session.scalars(select(School.name))]
        built["data"] = tuple(sorted(names, key=len, reverse=True))
        db.session.remove()
    return built


def _quality_and_network(world, ciss_a: int) -> dict[str, int]:
    """A calibration exercise on school A's CISS submission (the lead invited), a decision of the lead held for
        moderation on its round (read by the second assessor), a network of Moldova with school A, a survey window of
    school A. Commits."""
    snapshot = db.session.scalar(select(Snapshot.id).where(Snapshot.application_id == ciss_a).limit(1))
    exercise = CalibrationExercise(
        title="Калибровка", programme_code="ciss", snapshot_id=snapshot, created_by_id=person_of(COORDINATOR).id
    )
    exercise.invitations = [CalibrationInvitation(assessor_id=person_of(LEAD).id)]
    review = db.session.scalar(select(Review).where(Review.application_id == ciss_a).limit(1))
    sample = ModerationSample(
        application_id=ciss_a,
        review_id=review.id,
        programme_code="ciss",
        decision="reject",
        arguments={"reasons": COMMENT},
        assessor_id=person_of(LEAD).id,
        reason="share",
        status="waiting",
        moderator_id=person_of(SECOND_ASSESSOR).id,
    )
    db.session.add_all([exercise, sample])
    network = create_network(person_of(ADMIN), "Сеть школ", "MD")
    add_schools(person_of(ADMIN), network.id, [world.school_a])
    school = db.session.get(School, world.school_a)
    today = date.today()
    window = open_window(person_of(HEAD_A), school, "ciss", today, today + timedelta(days=14), ["pupils_12_14"], ["ru"])
    db.session.commit()
    return {"exercise": exercise.id, "sample": sample.id, "network": network.id, "window": window.id}


def _decide(app, api: ApiClient, application_id: int, decision: str, **body) -> None:
    with app.app_context():
        body["expected_version"] = version_of(application_id)
    _ok(api.post(f"/applications/{application_id}/decisions/{decision}", "assessor_assigned", json=body))


@pytest.fixture
def languages_scene(app, world, tokens) -> LanguageScene:
    built = _build(app, world)
    api = ApiClient(app.test_client(), tokens)
    ciss_a, label_a = built["ciss_a"], built["label_a"]
    _judge(api, ciss_a, wanting=2)
    visit = {"date": (date.today() + timedelta(days=10)).isoformat(), "time": "10:00", "minutes": 120, "place": PLACE}
    _decide(app, api, ciss_a, "visit", **visit)
    _judge(api, label_a, wanting=2)
    _decide(app, api, label_a, "changes", comment=COMMENT)
    with app.app_context():
        built |= _quality_and_network(world, ciss_a)
        db.session.remove()
    criterion = _ok(api.get(f"/applications/{ciss_a}/answers", "school_admin_a"))["answers"][0]["criterion_code"]
    invitation = {"email": "new.teacher@example.org", "role": "school_staff"}
    _ok(api.post(f"/schools/{world.school_a}/invitations", "school_admin_a", json=invitation), 201)
    conflict = {"country": "UA", "national_id": "UA-2001", "kind": "declared", "note": COMMENT}
    _ok(api.post("/assessor/conflicts", "assessor_unassigned", json=conflict), 201)
    scene = LanguageScene(
        ciss_a=ciss_a,
        label_a=label_a,
        ciss_b=built["ciss_b"],
        label_b=built["label_b"],
        school_a=world.school_a,
        school_b=world.school_b,
        pending_school=built["pending"],
        certificate=built["certificate"],
        code=built["code"],
        file_id=built["file_id"],
        criterion=criterion,
        person=built["person"],
        data=built["data"],
    )
    scene.params = {
        "application_id": [str(ciss_a), str(label_a), str(scene.ciss_b), str(scene.label_b)],
        "school_id": [str(world.school_a), str(world.school_b), str(scene.pending_school)],
        "criterion_code": [criterion],
        "round_number": ["1"],
        "file_id": [str(scene.file_id)],
        "certificate_id": [str(scene.certificate)],
        "code": [scene.code],
        "programme": ["ciss", "esafety-label"],
        "user_id": [str(scene.person)],
        "exercise_id": [str(built["exercise"])],
        "sample_id": [str(built["sample"])],
        "network_id": [str(built["network"])],
        "window_id": [str(built["window"])],
    }
    return scene


# --- the calls ------------------------------------------------------------------------------------------------------


def _get_operations(api: ApiClient) -> list[str]:
    description = _ok(api.get("/openapi.json", None))
    return [path.removeprefix("/api/v1") for path, operations in description["paths"].items() if "get" in operations]


def _filled(path: str, params: dict[str, list[str]]) -> list[str]:
    """``path`` with its parameters filled each way the scene offers (the programme's framework by its code)."""
    names = re.findall(r"{(\w+)}", path)
    filled = [path]
    for name in names:
        values = params["programme"] if name == "code" and path.startswith("/programmes/") else params.get(name)
        assert values, f"the scene has no value for {{{name}}} in {path}: add it to languages_scene"
        filled = [done.replace(f"{{{name}}}", value) for done in filled for value in values]
    return [done + QUERIES.get(path, "") for done in filled]


def _checked(response, where: str, data: tuple[str, ...]) -> list[str]:
    """The leaks of one response (none for a binary, CSV or calendar body: those are not JSON)."""
    if response.mimetype.startswith(SKIPPED_BODIES) or response.mimetype != "application/json":
        return []
    body = response.get_json()
    fields = body.get("error", {}).get("fields") if isinstance(body, dict) else None
    names = frozenset(part for name in (fields or {}) for part in re.split(r"[.\[\]]", name) if part)
    return list(leaks(body, where, names, data))


def _as(api: ApiClient, language: str, method: str, path: str, role: str | None, **kwargs):
    headers = {"Accept-Language": language, **kwargs.pop("headers", {})}
    return api.call(method, path, role, headers=headers, **kwargs)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_get_operation_answers_in_the_callers_language(api, languages_scene, language):
    found: list[str] = []
    answered: dict[str, set[int]] = {}
    for template in _get_operations(api):
        for path in _filled(template, languages_scene.params):
            for role in ROLES:
                response = _as(api, language, "GET", path, role if ROLES[role] else None)
                response.get_data()  # a streamed body (CSV) read to its end, so its context closes
                assert response.status_code < 500, (path, role, response.get_data(as_text=True)[:300])
                answered.setdefault(template, set()).add(response.status_code)
                found += _checked(response, f"GET {path} as {role} [{language}]:", languages_scene.data)
    never = sorted(template for template, statuses in answered.items() if 200 not in statuses)
    assert not never, f"no role got a 200 from these (the scene lacks something): {never}"
    assert not found, f"{len(found)} English labels:\n" + "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_programmes_follow_accept_language(api, languages_scene, language):
    programmes = _ok(_as(api, language, "GET", "/programmes", None))
    english_names = {item["name"] for item in _ok(_as(api, "en", "GET", "/programmes", None))}
    assert programmes and all(item["name"] not in english_names or "eSafety" in item["name"] for item in programmes)
    assert not list(leaks(programmes, "GET /programmes"))


def _refusals(api: ApiClient, scene: LanguageScene, language: str) -> list[tuple[str, Any, int, str]]:
    """(what, response, expected status, expected code) of the typical refusals."""
    label_b, ciss_a = scene.label_b, scene.ciss_a
    as_ = lambda method, path, role, **kw: _as(api, language, method, path, role, **kw)  # noqa: E731
    with api.client.application.app_context():
        version_b, version_a = version_of(label_b), version_of(ciss_a)
    return [
        (
            "a guard (nothing answered yet)",
            as_("POST", f"/applications/{label_b}/events/submit", "member_b", json={"expected_version": version_b}),
            422,
            "guard_failed",
        ),
        (
            "a missing field",
            as_("POST", f"/applications/{ciss_a}/decisions/award", "assessor_assigned", json={"level": "established"}),
            422,
            "invalid",
        ),
        (
            "a wrong type and a value out of its choices",
            as_(
                "PUT",
                f"/applications/{ciss_a}/review/judgments/{scene.criterion}",
                "assessor_assigned",
                json={"verdict": "perhaps", "level": "three"},
            ),
            422,
            "invalid",
        ),
        (
            "a judgment without its level",
            as_(
                "PUT",
                f"/applications/{ciss_a}/review/judgments/{scene.criterion}",
                "assessor_assigned",
                json={"verdict": "different", "comment": COMMENT},
            ),
            422,
            None,
        ),
        ("another school's application", as_("GET", f"/applications/{ciss_a}", "member_b"), 403, None),
        ("no such application", as_("GET", "/applications/999999", "admin"), 404, None),
        ("no such address", as_("GET", "/no-such-thing", "admin"), 404, None),
        ("no token", as_("GET", "/applications", None), 401, None),
        (
            "a decision fired as a bare event",
            as_(
                "POST",
                f"/applications/{ciss_a}/events/certify",
                "assessor_assigned",
                json={"expected_version": version_a},
            ),
            422,
            "decision_required",
        ),
        (
            "a stale version",
            as_(
                "POST",
                f"/applications/{ciss_a}/decisions/reject",
                "assessor_assigned",
                json={"expected_version": version_a - 1, "comment": COMMENT},
            ),
            409,
            None,
        ),
        (
            "a stale If-Match",
            as_(
                "POST",
                f"/applications/{ciss_a}/decisions/reject",
                "assessor_assigned",
                headers={"If-Match": f'"{version_a - 1}"'},
                json={"comment": COMMENT},
            ),
            412,
            None,
        ),
        ("a bad query", as_("GET", "/applications?limit=many&sort=colour", "admin"), 422, "invalid"),
        ("missing fields", as_("POST", "/tokens", None, json={}), 422, "invalid"),
        ("a body that is not JSON", as_("POST", "/tokens", None, data="{", content_type="application/json"), 400, None),
        ("a method not accepted", as_("DELETE", "/programmes", "admin"), 405, None),
        (
            "no such document",
            as_("DELETE", f"/applications/{ciss_a}/documents/999999", "school_admin_a"),
            404,
            None,
        ),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_refusals_answer_in_the_callers_language(api, languages_scene, language):
    found: list[str] = []
    for what, response, status, code in _refusals(api, languages_scene, language):
        body = response.get_json()
        assert response.status_code == status, (what, response.status_code, body)
        assert body and body["error"]["message"], (what, body)
        if code:
            assert body["error"]["code"] == code, (what, body)
        found += _checked(response, f"{what} [{language}]:", languages_scene.data)
    assert not found, f"{len(found)} English labels:\n" + "\n".join(found)
