"""Abuse: forms without their CSRF token, session fixation, open redirects through ``next=``, oversized, malformed
and injection inputs in every form, JSON endpoint, path and query string, and HTML in people's text.

Each form is posted as the first role of the permission table (``tests.proof.routes``) that may post it, so the
bad input reaches the view's own checks rather than stopping at the permission check."""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlencode, urljoin, urlsplit

import pytest

from accreditation.extensions import db
from tests.api import test_permissions as api_table
from tests.api.builders import ROLES
from tests.builders import PASSWORD, csrf_token
from tests.proof.builders import ProofScene, token_of
from tests.proof.routes import READS, SIGN_IN, WRITES, Call, Route

CSRF_REASON = "security token"  # the error page: "The form was missing its security token or it expired."


def actor(expected: tuple) -> str:
    """The first role whose cell is a success (2xx or 3xx, not a redirect to the sign-in page); failing that, the
    first whose request passed the permission check and was refused by the view's own checks (409, 422: the scene's
    data is refused as posted, as a calibration judgment outside the exercise or a second feedback)."""
    for allowed in (lambda cell: 200 <= cell < 400, lambda cell: cell in (409, 422)):
        for role, cell in zip(ROLES, expected, strict=True):
            if cell != SIGN_IN and allowed(cell):
                return role
    raise AssertionError(f"nobody may use {expected}")


def reader(expected: tuple) -> str:
    """The role a read is tried as for bad query strings: the one that may use it, else anyone (a read nobody may use,
    such as /metrics without its token, must survive bad query strings too)."""
    try:
        return actor(expected)
    except AssertionError:
        return next(iter(ROLES))


def _call(app, scene: ProofScene, route: Route, role: str) -> Call:
    with app.app_context():
        call = route.request(scene, role)
        db.session.remove()
    return call


def _prepare(app, scene: ProofScene, route: Route) -> None:
    if route.prepare:
        with app.app_context():
            route.prepare(scene)
            db.session.remove()


def _url(call: Call) -> str:
    return f"{call.path}?{call.query}" if call.query else call.path


def _has_files(data: dict) -> bool:
    return any(isinstance(value, tuple) for value in data.values())


def _body(response) -> str:
    text = response.get_data().decode(errors="replace")
    response.close()
    return text


# --- CSRF ---------------------------------------------------------------------------------------------------------


def test_every_form_posted_without_its_csrf_token_is_refused_with_a_reason(app, scene, clients):
    """Each form as the first role that may post it: without a token, and with a forged one, 400 and the reason;
    with the session's token, not refused for its token (so the refusal was the token's)."""
    problems = []
    for route in WRITES:
        _prepare(app, scene, route)
        role = actor(route.expected)
        client = clients[role] if ROLES[role] else app.test_client()  # a visitor's success signs them in
        for name, extra in [("no token", {}), ("forged token", {"csrf_token": "IjAwMDAi.Zm9yZ2Vk.c2lnbmF0dXJl"})]:
            call = _call(app, scene, route, role)
            refused = client.post(_url(call), data={**call.data, **extra})
            body = _body(refused)
            if refused.status_code != 400 or CSRF_REASON not in body:
                problems.append(f"{route.name} with {name}: {refused.status_code}")
        token = token_of(client)
        call = _call(app, scene, route, role)
        accepted = client.post(_url(call), data={**call.data, "csrf_token": token}, headers={"X-CSRFToken": token})
        if accepted.status_code == 400 and CSRF_REASON in _body(accepted):
            problems.append(f"{route.name}: refused with the session's token")
    assert not problems, "\n".join(problems)


def test_a_token_of_another_session_is_refused(app, scene, clients):
    stolen = clients.token("school_staff_a")
    response = clients["school_admin_a"].post(
        f"/schools/{scene.world.school_a}/invitations",
        data={"email": "someone@example.org", "role": "school_staff", "csrf_token": stolen},
    )
    assert response.status_code == 400
    assert CSRF_REASON in _body(response)


# --- the session at sign-in -----------------------------------------------------------------------------------------


def _session_cookie(client) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


SIGNING_IN = [
    route
    for route in WRITES
    if route.endpoint in ("auth.sign_in", "auth.accept_invitation", "auth.reset_password_page")
]  # registering signs nobody in: the same answer whether or not the address has an account (issue 26)


@pytest.mark.parametrize("route", SIGNING_IN, ids=[route.endpoint for route in SIGNING_IN])
def test_signing_in_starts_a_new_session_and_the_old_cookie_signs_nobody_in(app, scene, route):
    """Each way of being signed in (the form, accepting an invitation, a password link): whatever the
    session held before is gone, its cookie and CSRF token change, and the cookie from before signs nobody in."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by someone who handed the victim this cookie"
    before_token = token_of(client)
    before_cookie = _session_cookie(client)
    call = _call(app, scene, route, "anonymous")
    response = client.post(_url(call), data={**call.data, "csrf_token": before_token})
    assert response.status_code == 302, response.status_code
    after_cookie = _session_cookie(client)
    assert after_cookie and after_cookie != before_cookie
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id")
    assert client.get("/me").status_code == 200
    assert token_of(client) != before_token

    attacker = app.test_client()
    attacker.set_cookie("session", before_cookie, domain="localhost")
    answer = attacker.get("/me")
    assert answer.status_code == 302 and urlsplit(answer.headers["Location"]).path == "/sign-in"


# --- next= ------------------------------------------------------------------------------------------------------------

OFF_SITE = [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http:evil.example",
    "https:/evil.example",
    "///evil.example",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "//evil.example/%2F..",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "https://localhost@evil.example",
    "//localhost.evil.example",
    "/\x00//evil.example",
]


def _stays_here(location: str) -> bool:
    """A browser following ``location`` from a page of this site stays on it."""
    cleaned = re.sub(r"[\x00-\x20]", "", location).replace("\\", "/")
    target = urlsplit(urljoin("http://localhost/sign-in", cleaned))
    return target.scheme == "http" and target.netloc == "localhost" and not cleaned.lower().startswith("javascript")


def _sign_in_with_next(app, target: str):
    client = app.test_client()
    page = client.get("/sign-in", query_string={"next": target})
    token = csrf_token(client.get("/forgot-password").get_data(as_text=True))
    if page.status_code == 200:
        token = csrf_token(page.get_data(as_text=True))
    return client.post(
        "/sign-in",
        data={"email": ROLES["school_staff_a"], "password": PASSWORD, "csrf_token": token, "next": target},
    )


def _choose_language_with_next(app, target: str):
    client = app.test_client()
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    return client.post("/language", data={"language": "en", "next": target, "csrf_token": token})


@pytest.mark.parametrize("send", [_sign_in_with_next, _choose_language_with_next], ids=["sign-in", "language"])
def test_next_cannot_send_anyone_off_site(app, scene, send):
    problems = []
    for target in OFF_SITE:
        response = send(app, target)
        if response.status_code == 400 and "\x00" in target:
            continue  # refused outright (a NUL character): nothing redirected
        if response.status_code != 302 or not _stays_here(response.headers["Location"]):
            problems.append(f"{target!r}: {response.status_code} {response.headers.get('Location')}")
    assert not problems, "\n".join(problems)
    # A local address is followed: the refusals above are not a next that is never used.
    assert urlsplit(send(app, "/reminders?x=1").headers["Location"]).path == "/reminders"


def test_the_off_site_check_itself():
    assert _stays_here("/applications/1?tab=history")
    assert not _stays_here("//evil.example") and not _stays_here("/\\evil.example")


# --- bad input in every form ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Payload:
    name: str
    value: str | bytes
    malformed: bool  # True: the request must be refused with a 4xx (unless the field is lenient, below)
    numeric_only: bool = False  # malformed only in a field that takes a number


PAYLOADS = [
    Payload("long", "x" * 100_001, True),
    Payload("nul", "a\x00b", True),
    Payload("invalid-utf8", b"\xff\xfe\xc3(", False),  # read as replacement characters: text like any other
    Payload("sql", "' OR '1'='1'; DROP TABLE schools; --", False),
    Payload("html", '<script>alert("x")</script><img src=x onerror=alert(1)>', False),
    Payload("huge", "9" * 30, True, numeric_only=True),
    Payload("negative", "-1", True, numeric_only=True),
    Payload("word", "abc", True, numeric_only=True),
]
NUMERIC_FIELDS = re.compile(r"^(expected_version|assessor_id|minutes|pupils|revision(-.*)?|level(-.*)?)$")
# Fields whose value is not taken as given, so a bad one is ignored rather than refused: (endpoint, field) -> why.
LENIENT = {
    ("auth.sign_in", "next"): "an unsafe next is replaced by the home page",
    ("self_assessment.tick", "done"): "a checkbox: any value means ticked",
    ("applications.fire_event", "understood"): "a checkbox: any value means ticked",
    ("self_assessment.remove", "understood"): "a checkbox: any value means ticked",
    ("networks.withdraw", "understood"): "a checkbox: any value means ticked",
    ("home.choose_language", "language"): "refused with a message on the page it goes back to (a redirect)",
    ("home.choose_language", "next"): "an unsafe next is replaced by the home page",
    ("coordinator.decide", "verify"): "a button: any value means pressed",
    ("networks.preview_csv", "content"): "a pasted list of national ids may run to 500,000 characters",
    ("networks.confirm_csv", "content"): "a pasted list of national ids may run to 500,000 characters",
    **{
        ("review.record_conflict_view", name): "refused with a message on the application page it goes back to (303)"
        for name in ("assessor_id", "kind", "note")
    },
}


def _expect_refusal(route: Route, field: str, payload: Payload) -> bool:
    if not payload.malformed or (route.endpoint, field) in LENIENT:
        return False
    return not payload.numeric_only or bool(NUMERIC_FIELDS.match(field))


def _fields(call: Call) -> list[str]:
    return [name for name, value in call.data.items() if not isinstance(value, tuple)]


def _post_raw(client, url: str, data: dict, token: str):
    """A form posted as the browser would, its values sent as given (bytes too, so invalid UTF-8 arrives as such)."""
    if _has_files(data):
        return client.post(url, data={**data, "csrf_token": token}, headers={"X-CSRFToken": token})
    body = urlencode({**data, "csrf_token": token}, doseq=True)
    return client.post(
        url,
        data=body,
        content_type="application/x-www-form-urlencoded",
        headers={"X-CSRFToken": token},
    )


@pytest.mark.parametrize("route", WRITES, ids=[route.name for route in WRITES])
def test_every_form_survives_bad_input_with_a_4xx_and_never_a_500(app, scene, clients, route):
    _prepare(app, scene, route)
    role = actor(route.expected)
    client = clients[role]
    token = clients.token(role)
    problems = []
    for field in _fields(_call(app, scene, route, role)):
        for payload in PAYLOADS:
            call = _call(app, scene, route, role)
            if ROLES[role] is None:  # a visitor's success (signing in, registering) signs them in: start afresh
                client = app.test_client()
                token = token_of(client)
            if isinstance(payload.value, bytes) and _has_files(call.data):
                continue  # a multipart body carries text fields as UTF-8 text
            try:
                response = _post_raw(client, _url(call), {**call.data, field: payload.value}, token)
            except Exception as error:  # the testing app lets a view's exception through: a 500 in production
                problems.append(f"{field}={payload.name}: {type(error).__name__}: {str(error)[:300]}")
                continue
            body = _body(response)
            if response.status_code >= 500:
                problems.append(f"{field}={payload.name}: {response.status_code} {body[:300]!r}")
            elif _expect_refusal(route, field, payload) and not 400 <= response.status_code < 500:
                problems.append(f"{field}={payload.name}: {response.status_code}, expected a 4xx")
            if payload.name == "html" and response.mimetype == "text/html" and '<script>alert("x")' in body:
                problems.append(f"{field}={payload.name}: shown unescaped on the page answered")
            if response.status_code == 400 and CSRF_REASON in body:
                token = clients.token(role)  # a sign-in or sign-out in this loop changed the session
    assert not problems, f"{route.name} as {role}:\n  " + "\n  ".join(problems)


UPLOADS = [
    ("empty", b"", "empty.pdf"),
    ("script", b"#!/bin/sh\nrm -rf /\n", "policy.pdf"),
    ("html", b"<html><script>alert(1)</script></html>", "page.html"),
    ("nul-name", None, "poli\x00cy.pdf"),
    ("traversal", None, "../../../etc/passwd.pdf"),
    ("html-name", None, "<img src=x onerror=alert(1)>.pdf"),
    ("long-name", None, "a" * 5000 + ".pdf"),
]


@pytest.mark.parametrize(
    "route",
    [
        r
        for r in WRITES
        if r.endpoint in ("self_assessment.upload", "self_assessment.upload_version", "onboarding.receive")
    ],
    ids=lambda r: r.name,
)
def test_every_upload_survives_bad_files_and_names(app, scene, clients, route):
    _prepare(app, scene, route)
    role = actor(route.expected)
    client, token = clients[role], clients.token(role)
    for name, content, filename in UPLOADS:
        call = _call(app, scene, route, role)
        field, (stream, _name) = next((k, v) for k, v in call.data.items() if isinstance(v, tuple))
        data = {**call.data, field: (BytesIO(stream.read() if content is None else content), filename)}
        response = client.post(_url(call), data={**data, "csrf_token": token})
        body = _body(response)
        assert response.status_code < 500, (route.name, name, body[:500])
        if content is not None:
            assert 400 <= response.status_code < 500, (route.name, name, response.status_code)


def test_a_body_over_the_upload_limit_is_refused_with_413(app, scene, clients, api):
    limit = app.config["MAX_CONTENT_LENGTH"]
    answer = api.call(
        "POST", "/schools", "admin", data=b'{"name": "' + b"x" * limit + b'"}', content_type="application/json"
    )
    assert answer.status_code == 413 and answer.get_json()["error"]["code"]
    token = clients.token("school_admin_a")
    response = clients["school_admin_a"].post(
        f"/applications/{scene.esafety}/documents",
        data={
            "csrf_token": token,
            "kind": "other",
            "title": "Big",
            "file": (BytesIO(b"%PDF-1.4\n" + b"0" * limit), "big.pdf"),
        },
    )
    assert response.status_code == 413


# --- bad input in every JSON endpoint -----------------------------------------------------------------------------

JSON_VALUES = [
    ("long", "x" * 100_001, True),
    ("nul", "a\x00b", True),
    ("surrogate", "\ud800", True),
    ("huge", 10**30, True),
    ("negative", -1, False),
    ("fraction", 1.5, False),
    ("list", [1, 2], True),
    ("object", {"a": 1}, True),
    ("null", None, False),
    ("boolean", True, False),
    ("sql", "' OR 1=1; DROP TABLE schools; --", False),
    ("html", "<script>alert(1)</script>", False),
]
BODIES = [
    ("not-json", b"{not json", "application/json"),
    ("invalid-utf8", b'{"name": "\xff\xfe"}', "application/json"),
    ("list", b"[1, 2, 3]", "application/json"),
    ("string", b'"hello"', "application/json"),
    ("empty", b"", "application/json"),
    ("deep", b"[" * 100_000 + b"]" * 100_000, "application/json"),
    ("text-plain", b'{"a": 1}', "text/plain"),
]


def _api_actor(row) -> str:
    """A role whose request gets past the permission checks: one that succeeds, else one refused on its content
    (a decision's event through the generic route: 422)."""
    cells = list(zip(ROLES, row.expected, strict=True))
    return next((role for role, cell in cells if 200 <= cell < 300), None) or next(
        role for role, cell in cells if cell == 422
    )


@pytest.mark.parametrize("row", api_table.WRITES, ids=[row.name for row in api_table.WRITES])
def test_every_api_write_survives_bad_json_with_a_4xx_and_never_a_500(app, api, scene, row):
    if row.prepare:
        with app.app_context():
            row.prepare(scene)
    role = _api_actor(row)
    as_ = role if ROLES[role] else None
    problems = []
    with app.app_context():
        method, path, kwargs = row.request(scene, role)
    body = kwargs.get("json")
    if body is not None:
        for key in body:
            for name, value, malformed in JSON_VALUES:
                with app.app_context():
                    method, path, kwargs = row.request(scene, role)
                try:
                    response = api.call(method, path, as_, json={**kwargs["json"], key: value})
                except Exception as error:  # a 500 in production
                    problems.append(f"{key}={name}: {type(error).__name__}: {str(error)[:300]}")
                    continue
                if response.status_code >= 500:
                    problems.append(f"{key}={name}: {response.status_code} {response.get_data(as_text=True)[:300]}")
                elif malformed and not 400 <= response.status_code < 500:
                    problems.append(f"{key}={name}: {response.status_code}, expected a 4xx")
                elif response.status_code >= 400:
                    assert set(response.get_json()["error"]) >= {"code", "message"}
    if method in ("POST", "PUT"):
        for name, raw, content_type in BODIES:
            try:
                response = api.call(method, path, as_, data=raw, content_type=content_type)
            except Exception as error:  # a 500 in production
                problems.append(f"body {name}: {type(error).__name__}: {str(error)[:300]}")
                continue
            if not 400 <= response.status_code < 500:
                problems.append(f"body {name}: {response.status_code} {response.get_data(as_text=True)[:300]}")
    assert not problems, f"{row.name} as {role}:\n  " + "\n  ".join(problems)


def test_api_tokens_that_are_garbage_get_401(api):
    for token in ["x" * 10_000, "ssa_" + "é" * 20, "ssa_' OR 1=1 --", "Bearer", ""]:
        response = api.call("GET", "/applications", None, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token


# --- bad input in every path and query string -------------------------------------------------------------------------

PATH_VALUES = [
    "9" * 30,
    "2147483648",
    "0",
    "%00",
    "%ff",
    "x" * 3000,
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "..%2F..%2Fetc%2Fpasswd",
]
CONVERTER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _paths(rule: str) -> list[str]:
    """``rule`` with one parameter at a time replaced by each bad value (the others by a plausible one)."""
    params = CONVERTER.findall(rule)
    paths = []
    for index in range(len(params)):
        for value in PATH_VALUES:
            position = iter(range(len(params)))

            def fill(match, index=index, value=value, position=position):
                here = next(position)
                if here == index:
                    return value
                return "1" if match.group(1) == "int" else "x"

            paths.append(CONVERTER.sub(fill, rule))
    return paths


# Routes that answer a bad parameter with a 200 saying so: endpoint -> why.
PATH_LENIENT = {"api.verify": "a code that is no certificate's is answered with its outcome (invalid, unknown)"}


def test_every_path_survives_bad_parameters_with_a_4xx(app, scene, clients, api):
    problems = []
    token = clients.token("admin")
    for rule in app.url_map.iter_rules():
        if not CONVERTER.search(rule.rule):
            continue
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        for path in _paths(rule.rule):
            try:
                if path.startswith("/api/"):
                    response = api.call(method, path.removeprefix("/api/v1"), "admin", json={})
                else:
                    response = clients["admin"].open(path, method=method, data={"csrf_token": token})
            except Exception as error:  # a 500 in production
                problems.append(f"{method} {path[:120]}: {type(error).__name__}: {str(error)[:200]}")
                continue
            status = response.status_code
            _body(response)
            if status >= 500 or (rule.endpoint not in PATH_LENIENT and not 400 <= status < 500):
                problems.append(f"{method} {path[:120]}: {status}")
    assert not problems, "\n".join(problems)


QUERY_NAMES = [
    "q",
    "programme",
    "state",
    "country",
    "region",
    "status",
    "role",
    "page",
    "area",
    "criterion",
    "document",
    "code",
    "next",
    "inline",
    "from",
    "to",
    "after",
    "limit",
    "level",
    "started",
    "awarded",
    "left",
]
QUERY_VALUES = [
    "x" * 5000,
    "a\x00b",
    "\ud800".encode("utf-8", "surrogatepass"),
    "9" * 30,
    "-1",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
]


def test_every_page_survives_bad_query_strings(app, scene, clients, api):
    """Every page with every query parameter the app reads set to a bad value at once, the dashboard's pages
    (whose filters are checked in turn, the first bad one answering) and the API's reads (which refuse a parameter
    they do not take) with one at a time: never a 500."""
    problems = []
    for value in QUERY_VALUES:
        for route in READS:
            role = reader(route.expected)
            call = _call(app, scene, route, role)
            queries = [dict.fromkeys(QUERY_NAMES, value)]
            if route.endpoint.startswith("dashboard."):
                queries += [{name: value} for name in QUERY_NAMES]
            for query in queries:
                try:
                    response = clients[role].get(call.path, query_string=query)
                except Exception as error:  # a 500 in production
                    problems.append(f"{call.path} {value!r:.20}: {type(error).__name__}: {str(error)[:200]}")
                    continue
                body = _body(response)
                if response.status_code >= 500:
                    problems.append(f"{call.path} {value!r:.20}: {response.status_code} {body[:200]!r}")
        for row in api_table.READS:
            role = _api_actor(row)
            with app.app_context():
                _method, path, _kwargs = row.request(scene, role)
            for name in QUERY_NAMES:
                query = {name: value}
                response = api.call("GET", path.split("?")[0], role if ROLES[role] else None, query_string=query)
                if response.status_code >= 500:
                    problems.append(f"/api/v1{path}?{name}={value!r:.20}: {response.status_code}")
    assert not problems, "\n".join(problems)


# --- HTML in people's text is shown as text ---------------------------------------------------------------------------


def mark(where: str) -> str:
    """An HTML payload naming where it was put."""
    return f'<i data-xss="{where}">{where}</i><script>alert("{where}")</script>'


RAW = re.compile(r'<i data-xss="([\w-]+)">')
ESCAPED = re.compile(r"&lt;i data-xss=(?:&#34;|&quot;|\")([\w-]+)")


def _fill_with_html(scene: ProofScene) -> None:
    """Every kind of text people type, with HTML in it: names, commentary, a change request's comment and items,
    a visit's place, a document's title, a conflict's note, a file's name, a certificate's school."""
    from datetime import date, time, timedelta

    from sqlalchemy import select

    from accreditation.assessment.answers import AnswerInput, save_answers
    from accreditation.models import Certificate, Document, OnboardingJob, School
    from accreditation.review import decisions
    from accreditation.review.conflicts import record_conflict
    from accreditation.review.judgments import JudgmentInput, save_judgment
    from accreditation.review.visits import VisitInput
    from tests.applications.builders import SECOND_ASSESSOR, person
    from tests.review.builders import COORDINATOR, LEAD, version

    school = db.session.get(School, scene.world.school_a)
    school.name = mark("school-name")
    school.address = mark("school-address")
    person(ROLES["school_admin_a"]).name = mark("user-name")
    person(ROLES["assessor_assigned"]).name = mark("assessor-name")
    db.session.get(Document, scene.document).title = mark("document-title")
    db.session.get(OnboardingJob, scene.job).filename = mark("job-file")
    db.session.get(Certificate, scene.certificate).school_name = mark("certificate-school")
    db.session.commit()

    save_answers(
        scene.esafety, person(ROLES["school_admin_a"]), [AnswerInput(scene.esafety_criterion, 1, mark("commentary"), 1)]
    )
    record_conflict(person(SECOND_ASSESSOR), school, "declared", mark("conflict-note"), person(COORDINATOR))
    db.session.commit()

    visit = VisitInput(date.today() + timedelta(days=12), time(10, 0), 120, mark("visit-place"))
    decisions.schedule_visit(scene.ciss, person(LEAD), visit, mark("visit-comment"), version(scene.ciss))
    db.session.commit()
    save_judgment(
        scene.ciss, person(LEAD), JudgmentInput(scene.criterion, "insufficient", comment=mark("judgment"), gap="minor")
    )
    db.session.commit()
    decisions.request_changes(scene.ciss, person(LEAD), version(scene.ciss), mark("change-request"))
    db.session.commit()
    assert db.session.scalar(select(School.name).where(School.id == scene.world.school_a)) == mark("school-name")


# Where each text must be seen (escaped): a page, and who looks at it.
SHOWN = {
    "school-name": ("/schools/{school_a}", "school_admin_a"),
    "school-address": ("/coordinate/schools/{school_a}", "coordinator_in"),
    "user-name": ("/schools/{school_a}/members", "school_staff_a"),
    "assessor-name": ("/applications/{ciss}", "coordinator_in"),
    "document-title": ("/applications/{esafety}/documents", "school_staff_a"),
    "job-file": ("/coordinate/onboarding/{job}", "coordinator_in"),
    "certificate-school": ("/verify/{code}", "anonymous"),
    "commentary": ("/applications/{esafety}/self-assessment?area={esafety_area}", "school_staff_a"),
    "conflict-note": ("/applications/{ciss}", "coordinator_in"),
    "visit-place": ("/applications/{ciss}/feedback", "school_admin_a"),
    "visit-comment": ("/applications/{ciss}", "school_admin_a"),
    "judgment": ("/applications/{ciss}/feedback", "school_admin_a"),
    "change-request": ("/applications/{ciss}", "school_admin_a"),
}


def test_html_in_peoples_text_is_shown_as_text_on_every_page(app, scene, clients):
    from tests.assessment.builders import framework_of

    with app.app_context():
        _fill_with_html(scene)
        db.session.remove()
        values = {**vars(scene), "school_a": scene.world.school_a}
        values["esafety_area"] = next(
            c.area for c in framework_of("esafety-label").criteria if c.code == scene.esafety_criterion
        )
    problems = []
    for route in READS:
        for role in ROLES:
            call = _call(app, scene, route, role)
            response = clients[role].get(_url(call))
            body = _body(response)
            if response.mimetype == "text/html" and RAW.search(body):
                problems.append(f"{call.path} as {role}: {sorted(set(RAW.findall(body)))} unescaped")
    assert not problems, "\n".join(problems)
    for where, (path, role) in SHOWN.items():
        url = path.format(**values)
        response = clients[role].get(url)
        body = _body(response)
        assert response.status_code == 200, (url, role, response.status_code)
        assert where in ESCAPED.findall(body), f"{where} is not shown on {url} for {role}"
        assert not RAW.search(body), url


def test_html_in_a_school_name_is_inert_in_the_messages_after_a_form(app, scene, clients):
    """A flash message that names the school (joining a programme, verifying a school) shows its HTML as text."""
    from accreditation.models import School
    from tests.builders import add_school
    from tests.proof.builders import withdraw_esafety

    with app.app_context():
        db.session.get(School, scene.world.school_a).name = mark("joined")
        pending = add_school(mark("verified"), "MD-9999", "MD", "MD-CU", verification="pending")
        db.session.commit()
        withdraw_esafety(scene)
        pending_id = pending.id
        db.session.remove()
    for role, url, data, where in [
        ("school_admin_a", f"/schools/{scene.world.school_a}/programmes/esafety-label/join", {}, "joined"),
        ("coordinator_in", f"/coordinate/schools/{pending_id}/decision", {"verify": "Verify", "note": ""}, "verified"),
    ]:
        token = clients.token(role)
        response = clients[role].post(url, data={**data, "csrf_token": token}, follow_redirects=True)
        body = _body(response)
        assert response.status_code == 200, (url, response.status_code)
        assert where in ESCAPED.findall(body), f"{where} not shown after {url}"
        assert not RAW.search(body), url
