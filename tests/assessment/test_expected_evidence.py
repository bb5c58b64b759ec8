"""Evidence where it is asked for (issue 24): beside each criterion's expected evidence an upload button opens the
upload with the kind and the criterion filled in, the other criteria expecting that kind ticked; the documents
page follows the framework's order of expected documents with each one's state; "Before you submit" warns about
criteria whose expected evidence is missing, and blocks only in a programme with ``evidence_required: true``."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from accreditation.applications import Workflows, init_workflows
from accreditation.assessment.expected_evidence import criteria_expecting, upload_prefill
from accreditation.extensions import db
from accreditation.models import Application, Document
from tests.applications.builders import person
from tests.applications.web import post_event, signed_in
from tests.assessment.builders import HEAD_A, PDF, answer_all, framework_of, ready_for_answers, upload_required
from tests.builders import csrf_token
from workflows import PROGRAMMES_DIR

KIND = "acceptable_use_policy"  # expected by several criteria of the eSafety Label framework
READY = '<p class="status status-ok">Nothing is missing.</p>'  # "Before you submit" when the submission may go


@pytest.fixture
def setting(app):
    """The criterion the school uploads from, the others expecting the same kind, the rest."""
    with app.app_context():
        framework = framework_of()
        expecting = [c.code for c in criteria_expecting(framework, KIND)]
        assert len(expecting) >= 3, "the framework's mapping changed: pick another kind"
        first = framework.criterion(expecting[0])
        return {
            "criterion": first.code,
            "area": first.area,
            "others": expecting[1:],
            "rest": [c.code for c in framework.criteria if c.code not in expecting],
        }


@pytest.fixture(autouse=True)
def _in_english(app, world) -> None:
    """The school's head reads English (their school's language would be chosen otherwise): the texts asserted."""
    with app.app_context():
        person(HEAD_A).language = "en"
        db.session.commit()
        db.session.remove()


def _checked(html: str, code: str) -> bool:
    box = re.search(rf'<input type="checkbox" name="criteria" value="{code}"[^>]*>', html)
    assert box, f"no box for {code}"
    return "checked" in box.group(0)


def _upload_link(application_id: int, kind: str, criterion: str) -> str:
    return f"/applications/{application_id}/documents?kind={kind}&amp;criterion={criterion}#upload-heading"


def test_each_criterion_offers_an_upload_for_its_missing_evidence(app, world, setting):
    with app.app_context():
        application_id = ready_for_answers(world)
    head = signed_in(app, HEAD_A)
    html = head.get(f"/applications/{application_id}/self-assessment?area={setting['area']}").get_data(as_text=True)
    block = re.search(rf'<div class="expected" id="evidence-{setting["criterion"]}">.*?</div>', html, re.S).group(0)
    assert f'data-kind="{KIND}"' in block and "missing" in block
    assert _upload_link(application_id, KIND, setting["criterion"]) in block


def test_the_upload_opened_from_a_criterion_is_filled_in_and_ticks_the_others(app, world, setting):
    with app.app_context():
        application_id = ready_for_answers(world)
    head = signed_in(app, HEAD_A)
    url = f"/applications/{application_id}/documents?kind={KIND}&criterion={setting['criterion']}"
    html = head.get(url).get_data(as_text=True)
    form = re.search(r'<form[^>]*id="upload-form".*?</form>', html, re.S).group(0)
    assert re.search(rf'<option selected value="{KIND}">|<option value="{KIND}" selected', form), "kind not chosen"
    assert _checked(form, setting["criterion"])
    assert all(_checked(form, code) for code in setting["others"])
    assert not any(_checked(form, code) for code in setting["rest"])
    assert f'name="from_criterion" type="hidden" value="{setting["criterion"]}"' in form
    assert 'id="opened-from"' in html
    # Without the link's values the form starts empty, as before.
    plain = head.get(f"/applications/{application_id}/documents").get_data(as_text=True)
    plain_form = re.search(r'<form[^>]*id="upload-form".*?</form>', plain, re.S).group(0)
    assert not any(_checked(plain_form, code) for code in [setting["criterion"], *setting["others"]])


def test_uploading_from_a_criterion_links_what_stays_ticked_and_leads_back(app, world, setting):
    with app.app_context():
        application_id = ready_for_answers(world)
    head = signed_in(app, HEAD_A)
    url = f"/applications/{application_id}/documents?kind={KIND}&criterion={setting['criterion']}"
    token = csrf_token(head.get(url).get_data(as_text=True))
    unticked = setting["others"][-1]
    kept = [setting["criterion"], *setting["others"][:-1]]
    response = head.post(
        f"/applications/{application_id}/documents",
        data={
            "csrf_token": token,
            "kind": KIND,
            "criteria": kept,
            "from_criterion": setting["criterion"],
            "file": (io.BytesIO(PDF), "aup.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/applications/{application_id}/self-assessment?area={setting['area']}#criterion-{setting['criterion']}"
    )
    with app.app_context():
        document = db.session.scalar(select(Document).where(Document.application_id == application_id))
        assert sorted(document.criterion_codes) == sorted(kept) and unticked not in document.criterion_codes
    html = head.get(f"/applications/{application_id}/self-assessment?area={setting['area']}").get_data(as_text=True)
    block = re.search(rf'<div class="expected" id="evidence-{setting["criterion"]}">.*?</div>', html, re.S).group(0)
    item = re.search(rf'<li class="(is-\w+)" data-kind="{KIND}">(.*?)</li>', block, re.S)
    assert item.group(1) == "is-provided" and "upload-evidence" not in item.group(2)


def test_the_documents_page_follows_the_expected_order_with_each_state(app, world):
    with app.app_context():
        application_id = ready_for_answers(world)
        kinds = list(framework_of().documents)
    head = signed_in(app, HEAD_A)
    # Uploaded in the reverse of the framework's order: the page still lists them in its order.
    for kind in (kinds[2], kinds[0]):
        token = csrf_token(head.get(f"/applications/{application_id}/documents").get_data(as_text=True))
        data = {"csrf_token": token, "kind": kind, "file": (io.BytesIO(PDF), f"{kind}.pdf")}
        assert head.post(f"/applications/{application_id}/documents", data=data).status_code == 302
    html = head.get(f"/applications/{application_id}/documents").get_data(as_text=True)
    listed = re.findall(r'<li id="expected-([a-z_]+)" class="expected-document (is-\w+)"', html)
    assert [code for code, _state in listed] == kinds
    states = dict(listed)
    assert states[kinds[0]] == states[kinds[2]] == "is-uploaded"
    assert all(states[code] == "is-missing" for code in kinds if code not in (kinds[0], kinds[2]))
    missing = re.search(rf'<li id="expected-{kinds[1]}".*?</li>', html, re.S).group(0)
    assert f"/applications/{application_id}/documents?kind={kinds[1]}#upload-heading" in missing
    with app.app_context():
        titles = {d.id: d.kind for d in db.session.scalars(select(Document))}
    articles = [titles[int(i)] for i in re.findall(r'<article class="document" id="document-(\d+)"', html)]
    assert articles == [kinds[0], kinds[2]]


def _missing_block(html: str) -> str | None:
    found = re.search(r'<div class="evidence-missing[^"]*" id="evidence-missing".*?</div>', html, re.S)
    return found.group(0) if found else None


def test_before_you_submit_warns_about_missing_evidence_without_blocking(app, world, setting):
    with app.app_context():
        application_id = ready_for_answers(world)
        answer_all(application_id)
        upload_required(application_id)  # the required kinds, linked to no criterion
    head = signed_in(app, HEAD_A)
    html = head.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True)
    block = _missing_block(html)
    assert block is not None and "is-warning" in block and "You can still send" in block
    assert f"evidence-{setting['criterion']}" in block
    assert f'<a class="button primary" href="/applications/{application_id}#option-submit">' in html  # may go
    # The application page's summary of what is sent says it too, and still offers the button.
    summary = head.get(f"/applications/{application_id}").get_data(as_text=True)
    line = re.search(r'<li class="status-warn" id="sent-evidence-missing">.*?</li>', summary, re.S).group(0)
    with app.app_context():
        expecting = sum(1 for criterion in framework_of().criteria if criterion.documents)
    assert f"{expecting} criteria without the document they expect (you can still send)" in line
    response = post_event(head, application_id, "submit", comment="Our evidence is in the commentaries.")
    assert response.status_code in (302, 303)
    with app.app_context():
        assert db.session.get(Application, application_id).state == "submitted"


def _link_every_expected(app, head, application_id: int) -> None:
    """Upload one PDF per expected kind, ticked for every criterion the page pre-ticks."""
    with app.app_context():
        framework = framework_of()
        kinds = [code for code in framework.documents if criteria_expecting(framework, code)]
    for kind in kinds:
        html = head.get(f"/applications/{application_id}/documents?kind={kind}").get_data(as_text=True)
        with app.app_context():
            ticked = list(upload_prefill(framework_of(), kind, None).criteria)
        data = {"csrf_token": csrf_token(html), "kind": kind, "criteria": ticked, "file": (io.BytesIO(PDF), "e.pdf")}
        assert head.post(f"/applications/{application_id}/documents", data=data).status_code == 302


@pytest.fixture
def strict(app, tmp_path) -> Iterator[Workflows]:
    """The eSafety Label again as ``esafety-strict``, with ``evidence_required: true``, loaded beside the others."""
    source = (Path(PROGRAMMES_DIR) / "esafety-label.yaml").read_text(encoding="utf-8")
    text = source.replace("\ncode: esafety-label\n", "\ncode: esafety-strict\nevidence_required: true\n", 1)
    assert text != source
    (tmp_path / "esafety-strict.yaml").write_text(text, encoding="utf-8")
    original = app.extensions["workflows"]
    folders = app.config.get("WORKFLOW_DIRS")
    app.config["WORKFLOW_DIRS"] = [str(tmp_path)]
    loaded = init_workflows(app)
    loaded.evidence = original.evidence
    yield loaded
    app.config["WORKFLOW_DIRS"] = folders
    app.extensions["workflows"] = original


def test_a_programme_requiring_evidence_blocks_the_submission_until_it_is_linked(app, world, strict):
    with app.app_context():
        application_id = ready_for_answers(world, "esafety-strict")
        answer_all(application_id)
        upload_required(application_id)
    head = signed_in(app, HEAD_A)
    html = head.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True)
    block = _missing_block(html)
    assert block is not None and "is-blocking" in block
    assert "have no document for the evidence they expect" in html
    assert READY not in html
    refused = post_event(head, application_id, "submit", version=2, comment="Our evidence is in the commentaries.")
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.get(Application, application_id).state == "self_assessment"

    _link_every_expected(app, head, application_id)
    html = head.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True)
    assert _missing_block(html) is None and READY in html
    response = post_event(head, application_id, "submit", comment="Our evidence is in the commentaries.")
    assert response.status_code in (302, 303)
    with app.app_context():
        assert db.session.get(Application, application_id).state == "submitted"
