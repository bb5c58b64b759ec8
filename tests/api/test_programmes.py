"""``/api/v1/programmes`` and their frameworks: public, read from the loaded programme and framework files."""

from __future__ import annotations

from accreditation.applications.runtime import current_workflows


def test_anyone_lists_the_programmes_with_states_events_and_awards(app, client):
    response = client.get("/api/v1/programmes")
    assert response.status_code == 200
    programmes = {item["code"]: item for item in response.get_json()}
    with app.app_context():
        loaded = current_workflows().programmes
        assert set(programmes) == set(loaded)
        ciss = loaded["ciss"]
        assert programmes["ciss"]["name"] == ciss.name
        assert [state["name"] for state in programmes["ciss"]["states"]] == list(ciss.states)
        assert [event["name"] for event in programmes["ciss"]["events"]] == list(ciss.events)
    submit = next(event for event in programmes["ciss"]["events"] if event["name"] == "submit")
    assert submit == {
        "name": "submit",
        "label": "Submit for review",
        "from": ["self_assessment"],
        "to": "submitted",
        "roles": ["school_admin"],
        "requires": [],
        "decision": None,
    }
    certify = next(event for event in programmes["ciss"]["events"] if event["name"] == "certify")
    assert certify["decision"] == "award"
    applied = next(state for state in programmes["ciss"]["states"] if state["name"] == "applied")
    assert applied["kind"] == "initial" and applied["open"] is True
    assert programmes["esafety-label"]["framework"] == "esafety-label"
    with app.app_context():
        levels = [level.code for level in current_workflows().programme("esafety-label").awards.levels]
    assert [level["code"] for level in programmes["esafety-label"]["awards"]["levels"]] == levels


def test_anyone_reads_a_programmes_current_framework_with_levels_and_benchmarks(app, client):
    response = client.get("/api/v1/programmes/esafety-label/framework")
    assert response.status_code == 200
    body = response.get_json()
    with app.app_context():
        workflows = current_workflows()
        framework = workflows.framework_of(workflows.programme("esafety-label"))
    assert (body["code"], body["version"], body["language"]) == (framework.code, framework.version, "en")
    assert [level["level"] for level in body["scale"]] == framework.levels
    assert [area["code"] for area in body["areas"]] == [area.code for area in framework.areas]
    criteria = [criterion for area in body["areas"] for criterion in area["criteria"]]
    assert [criterion["code"] for criterion in criteria] == [criterion.code for criterion in framework.criteria]
    first, expected = criteria[0], framework.criteria[0]
    assert first["title"] == expected.title.en and first["benchmark"] == expected.benchmark
    assert [level["statement"] for level in first["levels"]] == [text.en for text in expected.statements.values()]
    assert first["levels"][0]["label"] == framework.scale[framework.lowest].en
    required = {kind["code"] for kind in body["documents"] if kind["required"]}
    assert required == {kind.code for kind in framework.required_documents}


def test_the_framework_speaks_the_requested_language_with_english_as_fallback(app, client):
    russian = client.get("/api/v1/programmes/esafety-label/framework", headers={"Accept-Language": "ru"}).get_json()
    assert russian["language"] == "ru"
    assert russian["name"] == "Критерии программы eSafety Label"
    assert russian["scale"][0]["label"] == "Не внедрено"
    other = client.get("/api/v1/programmes/esafety-label/framework", headers={"Accept-Language": "de"}).get_json()
    assert other["language"] == "en" and other["name"] == "eSafety Label framework"


def test_the_programmes_speak_the_requested_language(client):
    """Names, states, events and award levels follow ``Accept-Language`` like the framework does."""
    russian = {
        item["code"]: item for item in client.get("/api/v1/programmes", headers={"Accept-Language": "ru"}).get_json()
    }
    label = russian["esafety-label"]
    assert label["name"] == "Знак eSafety Label"
    assert {state["name"]: state["label"] for state in label["states"]}["submitted"] == "Отправлено, ожидает эксперта"
    assert {event["name"]: event["label"] for event in label["events"]}["award_label"] == "Присвоить знак"
    assert [level["label"] for level in label["awards"]["levels"]][-1] == "Золотой"
    ukrainian = client.get("/api/v1/programmes", headers={"Accept-Language": "uk"}).get_json()
    assert {item["code"]: item["name"] for item in ukrainian}["esafety-label"] == "Знак eSafety Label"
    assert "Надіслано, очікує на експерта" in [s["label"] for item in ukrainian for s in item["states"]]


def test_an_unknown_programme_has_no_framework(client):
    response = client.get("/api/v1/programmes/no-such-programme/framework")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "unknown_programme"
