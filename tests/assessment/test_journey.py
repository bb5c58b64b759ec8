"""The school's whole journey as real HTTP requests: apply, answer, upload, see what is missing, submit, find the
snapshot unchanged after a later edit attempt, and get the action plan as a page and a PDF."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Application, Snapshot, SnapshotAnswer
from tests.applications.web import page, post_event, signed_in
from tests.assessment.builders import GOOD_COMMENTARY, HEAD_A, PDF, docx_bytes, framework_of
from tests.builders import csrf_token


def _version(app, application_id: int) -> int:
    with app.app_context():
        return db.session.get(Application, application_id).version


def _state(app, application_id: int) -> str:
    with app.app_context():
        return db.session.get(Application, application_id).state


def _join(client, school_id: int, programme: str) -> int:
    token = csrf_token(client.get(f"/schools/{school_id}").get_data(as_text=True))
    response = client.post(f"/schools/{school_id}/programmes/{programme}/join", data={"csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/applications/(\d+)", response.headers["Location"]).group(1))


def _save_area(client, application_id: int, area, levels: dict[str, int], commentary: str) -> None:
    html = client.get(f"/applications/{application_id}/self-assessment?area={area.code}").get_data(as_text=True)
    data = {"csrf_token": csrf_token(html), "then": "stay"}
    for criterion in area.criteria:
        revision = re.search(rf'name="revision-{re.escape(criterion.code)}" value="(\d+)"', html).group(1)
        data[f"revision-{criterion.code}"] = revision
        data[f"level-{criterion.code}"] = str(levels[criterion.code])
        data[f"commentary-{criterion.code}"] = commentary
    response = client.post(f"/applications/{application_id}/self-assessment?area={area.code}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def _upload(client, application_id: int, kind: str, content: bytes, name: str) -> None:
    token = csrf_token(client.get(f"/applications/{application_id}/documents").get_data(as_text=True))
    response = client.post(
        f"/applications/{application_id}/documents",
        data={"csrf_token": token, "kind": kind, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def test_the_whole_school_journey_over_http(app, world):
    client = signed_in(app, HEAD_A)
    application_id = _join(client, world.school_a, "esafety-label")  # joining opens the self-assessment
    assert _state(app, application_id) == "self_assessment"
    with app.app_context():
        framework = framework_of()
        first, *others = framework.areas
        below = {c.code: c.benchmark - 1 for c in framework.criteria}  # everything just below the benchmark
        required = [kind.code for kind in framework.required_documents]
        lowest_criterion = framework.criteria[0]

    # Part of the answers: the page says what is missing, and submitting is refused with those reasons.
    _save_area(client, application_id, first, below, "Short.")
    html = client.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True)
    assert "criteria without an answer" in html
    assert "Please upload" in html
    refused = post_event(client, application_id, "submit", version=_version(app, application_id))
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "Nothing was changed" in body and "criteria without an answer" in body and "Please upload" in body

    # Claiming the benchmark with a one-word commentary is refused: too short for such a claim.
    levels = dict(below, **{lowest_criterion.code: lowest_criterion.benchmark})
    for area in [first, *others]:
        _save_area(client, application_id, area, levels, "Short.")
    for kind in required:
        _upload(client, application_id, kind, docx_bytes(kind) if kind.endswith("policy") else PDF, f"{kind}.pdf")
    refused = post_event(client, application_id, "submit", version=_version(app, application_id))
    assert refused.status_code == 422
    assert "why you claim the benchmark level" in refused.get_data(as_text=True)

    # Mend the commentary; now nothing is missing and the school submits.
    _save_area(client, application_id, first, levels, GOOD_COMMENTARY)
    html = client.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True)
    assert "Nothing is missing." in html
    submitted = post_event(client, application_id, "submit")
    assert submitted.status_code == 302, submitted.get_data(as_text=True)[:3000]
    assert "Submitted, waiting for an assessor" in page(client, application_id)

    with app.app_context():
        snapshot = db.session.scalars(select(Snapshot)).one()
        frozen = {a.criterion_code: (a.level, a.commentary) for a in snapshot.answers}
        assert snapshot.round == 1 and len(frozen) == len(framework.criteria)
        assert frozen[lowest_criterion.code] == (lowest_criterion.benchmark, GOOD_COMMENTARY)
        assert len(snapshot.documents) == len(required)
        assert db.session.get(Application, application_id).state == "submitted"

    # A later edit attempt is refused (409) and the snapshot stays exactly as submitted.
    html = client.get(f"/applications/{application_id}/self-assessment?area={first.code}").get_data(as_text=True)
    assert "cannot be changed now" in html
    data = {"csrf_token": csrf_token(html), "then": "stay"}
    data.update({f"level-{c.code}": "1" for c in first.criteria})
    data.update({f"commentary-{c.code}": "Rewritten after submitting." for c in first.criteria})
    data.update({f"revision-{c.code}": "1" for c in first.criteria})
    assert (
        client.post(f"/applications/{application_id}/self-assessment?area={first.code}", data=data).status_code == 409
    )
    with app.app_context():
        rows = db.session.scalars(select(SnapshotAnswer)).all()
        assert {a.criterion_code: (a.level, a.commentary) for a in rows} == frozen
    snapshot_html = client.get(f"/applications/{application_id}/snapshots/1").get_data(as_text=True)
    assert "Rewritten after submitting." not in snapshot_html and GOOD_COMMENTARY in snapshot_html

    # The action plan: every criterion below its benchmark with its next actions, as a page and a PDF.
    plan = client.get(f"/applications/{application_id}/action-plan")
    assert plan.status_code == 200
    plan_html = plan.get_data(as_text=True)
    with app.app_context():
        below_benchmark = [c for c in framework.criteria if c.code != lowest_criterion.code]
        first_action = below_benchmark[0].actions_from(below_benchmark[0].benchmark - 1)[0].text.en
        assert all(c.title.en in plan_html for c in below_benchmark)
        assert lowest_criterion.title.en not in plan_html
        assert first_action in plan_html
    pdf = client.get(f"/applications/{application_id}/action-plan.pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Action plan" in text and "Liceul Teoretic A" in text
    assert below_benchmark[0].title.en.split()[0] in text
