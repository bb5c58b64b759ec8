"""A school's application in plain steps, over real HTTP: the programmes page tells a school (even one waiting for
verification) what it will do; joining opens the first question; the clicks and fields from "joined" to
"submitted" for a school that answers everything and uploads the required documents are counted."""

from __future__ import annotations

import io
import re

from accreditation.extensions import db
from accreditation.models import Application, School
from tests.applications.web import signed_in
from tests.assessment.builders import GOOD_COMMENTARY, HEAD_A, PDF, framework_of
from tests.builders import csrf_token
from tests.review.builders import COORDINATOR


def test_a_school_reads_what_it_will_do_in_each_programme_even_before_verification(app, world):
    with app.app_context():
        db.session.get(School, world.school_a).verification = "pending"
        db.session.commit()
        framework = framework_of("esafety-label")
        criteria, required = len(framework.criteria), [k.title.in_("en") for k in framework.required_documents]
    response = signed_in(app, HEAD_A).get("/programmes")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    section = re.search(r'<section class="programme" id="programme-esafety-label".*?</section>', html, re.S).group(0)
    assert f"you answer {criteria} questions" in section
    assert all(title in section for title in required) and "(required)" in section
    assert "Bronze" in section and "It is valid for 18 months." in section
    assert "<svg" not in html and "guard" not in html.lower()  # no diagram, no engine words
    ciss = re.search(r'<section class="programme" id="programme-ciss".*?</section>', html, re.S).group(0)
    assert "a coordinator admits it" in ciss and "modules in place" in ciss
    # coordinators keep the workflow with its diagram
    assert "<svg" in signed_in(app, COORDINATOR).get("/programmes").get_data(as_text=True)


class Walk:
    """A school's way through the pages, counting what the person does: each link followed or button pressed is a
    click, each field filled (a level chosen, a text typed, a file or type chosen) is a field."""

    def __init__(self, client) -> None:
        self.client, self.clicks, self.fields = client, 0, 0

    def follow(self, url: str) -> str:
        self.clicks += 1
        response = self.client.get(url)
        assert response.status_code == 200, url
        return response.get_data(as_text=True)

    def press(self, url: str, data: dict, fields: int, **options):
        self.clicks += 1
        self.fields += fields
        response = self.client.post(url, data=data, **options)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response.headers["Location"]


def test_clicks_and_fields_from_joined_to_submitted(app, world):
    with app.app_context():
        framework = framework_of("esafety-label")
        required = [kind.code for kind in framework.required_documents]
    client = signed_in(app, HEAD_A)
    walk = Walk(client)
    dashboard = client.get(f"/schools/{world.school_a}").get_data(as_text=True)
    joined = walk.press(
        f"/schools/{world.school_a}/programmes/esafety-label/join", {"csrf_token": csrf_token(dashboard)}, 0
    )
    application_id = int(re.search(r"/applications/(\d+)/self-assessment$", joined).group(1))
    joining = (walk.clicks, walk.fields)

    html = client.get(joined).get_data(as_text=True)  # the redirect lands on the first question: not a click
    assert 'id="area-heading"' in html
    for area in framework.areas:
        data = {"csrf_token": csrf_token(html), "then": "next"}
        for criterion in area.criteria:
            revision = re.search(rf'name="revision-{re.escape(criterion.code)}" value="(\d+)"', html).group(1)
            data |= {f"revision-{criterion.code}": revision, f"level-{criterion.code}": str(criterion.benchmark)}
            data[f"commentary-{criterion.code}"] = GOOD_COMMENTARY
        target = walk.press(
            f"/applications/{application_id}/self-assessment?area={area.code}", data, 2 * len(area.criteria)
        )
        html = client.get(target).get_data(as_text=True)
    answering = walk.clicks - joining[0]

    html = walk.follow(f"/applications/{application_id}/documents")
    for kind in required:
        data = {"csrf_token": csrf_token(html), "kind": kind, "file": (io.BytesIO(PDF), f"{kind}.pdf")}
        walk.press(f"/applications/{application_id}/documents", data, 2, content_type="multipart/form-data")
        html = client.get(f"/applications/{application_id}/documents").get_data(as_text=True)

    html = walk.follow(f"/applications/{application_id}")  # "Before you submit" leads to the summary
    summary = re.search(r'<ul class="sent-summary" id="sent-summary">.*?</ul>', html, re.S).group(0)
    assert f"{len(framework.criteria)} of {len(framework.criteria)} criteria answered" in summary
    form = re.search(r'<form[^>]*id="event-submit".*?</form>', html, re.S).group(0)
    version = re.search(r'name="expected_version" value="(\d+)"', form).group(1)
    data = {"csrf_token": csrf_token(html), "expected_version": version, "comment": GOOD_COMMENTARY * 2}
    walk.press(f"/applications/{application_id}/events/submit", data, 1)
    with app.app_context():
        assert db.session.get(Application, application_id).state == "submitted"

    # joining is one click and opens the first question (before: join, then "Start the self-assessment" with its
    # comment box on the application page, then the link to the answers: three clicks)
    assert joining == (1, 0)
    assert answering == len(framework.areas)
    criteria = len(framework.criteria)
    assert (walk.clicks, walk.fields) == (
        1 + len(framework.areas) + 1 + len(required) + 1 + 1,
        2 * criteria + 2 * len(required) + 1,
    )
