"""The return-for-changes loop over real HTTP: the assessor returns a submission with two criteria found wanting →
the school's admin gets an e-mail in their language listing them with the comments → every school page of the
application shows the banner, the self-assessment marks the two criteria with the comments, the feedback's rows link
to them → "Before you submit" lists what is untouched, and resubmitting with an item untouched asks for a tick on the
same page → the assessor's round-2 page shows the round-1 judgment, its comment and what changed."""

from __future__ import annotations

import email
import re
from email import policy
from pathlib import Path

import pytest

from accreditation.applications import run_job
from accreditation.assessment.answers import AnswerInput, save_answers, workspace
from accreditation.extensions import db
from accreditation.models import Application
from accreditation.review import decisions
from tests.applications.builders import LONG_COMMENT, jobs, person
from tests.applications.web import page, post_event, signed_in
from tests.review.builders import HEAD_A, LEAD, criteria, judge_all, under_review

COMMENT_0 = "The training log is missing: please upload the signed log."
COMMENT_1 = "Only two classes so far; say when the others follow."


def _mail(app) -> list[email.message.EmailMessage]:
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]


def _returned(app, world, programme: str, language: str | None = None) -> tuple[int, list]:
    """An application under review, two criteria found wanting (minor gaps), returned for changes; the outbox's
    e-mail jobs of the return run. Returns its id and its criteria."""
    with app.app_context():
        person(HEAD_A).language = language or "en"  # the texts asserted (the school's language would be chosen)
        db.session.commit()
        application_id = under_review(world, programme)
        found = criteria(application_id)
        judge_all(
            application_id,
            except_={
                found[0].code: {"verdict": "insufficient", "comment": COMMENT_0, "gap": "minor"},
                found[1].code: {
                    "verdict": "different",
                    "level": found[1].benchmark - 1,
                    "comment": COMMENT_1,
                    "gap": "minor",
                },
            },
        )
        version = db.session.get(Application, application_id).version
        before = {job.id for job in jobs(application_id)}
        decisions.request_changes(application_id, person(LEAD), version, "Two things to mend.")
        db.session.commit()
        for job in jobs(application_id):  # the e-mails of the return (a worker runs them)
            if job.id not in before and job.action.startswith("notify_"):
                run_job(job.id)
        db.session.remove()
    return application_id, found


@pytest.mark.parametrize("programme", ["esafety-label", "ciss"])
def test_the_school_is_told_by_email_in_its_language(app, world, sent, programme):
    application_id, found = _returned(app, world, programme, language="uk")
    [message] = [m for m in _mail(app) if m["To"] == HEAD_A]
    body = message.get_body(("plain",)).get_content()
    assert COMMENT_0 in body and COMMENT_1 in body
    assert found[0].title.in_("uk") in body and found[1].title.in_("uk") in body  # the criteria in Ukrainian
    assert f"/applications/{application_id}/self-assessment?area={found[0].area}#criterion-{found[0].code}" in body
    assert found[2].title.in_("uk") not in body  # agreed: not listed


def test_every_school_page_shows_the_banner_and_the_marked_criteria(app, world, sent):
    application_id, found = _returned(app, world, "esafety-label")
    school = signed_in(app, HEAD_A)
    for path in ("", "/self-assessment", "/documents", "/results", "/action-plan", "/feedback"):
        html = school.get(f"/applications/{application_id}{path}").get_data(as_text=True)
        assert 'id="returned-banner"' in html, path
        assert "Returned for changes: 2 criteria to look at." in html, path
    html = school.get(f"/applications/{application_id}/self-assessment?area={found[0].area}").get_data(as_text=True)
    note = re.search(rf'<div class="returned-note" id="returned-{found[0].code}">.*?</div>', html, re.S).group(0)
    assert COMMENT_0 in note and "Not changed yet" in note
    assert f'id="returned-{found[2].code}"' not in html  # an agreed criterion is not marked
    unaddressed = re.search(r'<div id="unaddressed">.*?</div>', html, re.S).group(0)
    assert found[0].title.in_("en") in unaddressed and found[1].title.in_("en") in unaddressed
    feedback = school.get(f"/applications/{application_id}/feedback").get_data(as_text=True)
    link = f"/applications/{application_id}/self-assessment?area={found[0].area}#criterion-{found[0].code}"
    assert f'href="{link}"' in feedback
    # the assessor sees no banner (it is the school's)
    assert 'id="returned-banner"' not in signed_in(app, LEAD).get(f"/applications/{application_id}").get_data(
        as_text=True
    )


@pytest.mark.parametrize("programme", ["esafety-label", "ciss"])
def test_resubmitting_untouched_items_asks_for_a_tick_then_round_2_shows_the_changes(app, world, sent, programme):
    application_id, found = _returned(app, world, programme)
    school = signed_in(app, HEAD_A)
    event = "resubmit" if programme == "ciss" else "submit"

    # nothing changed yet: both items listed beside the tick box, and sending without it is refused
    html = page(school, application_id)
    assert 'id="send-as-is"' in html
    refused = post_event(school, application_id, event, comment=LONG_COMMENT)
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "tick the box" in body and found[0].title.in_("en") in body
    with app.app_context():
        assert db.session.get(Application, application_id).state != "submitted"

    # the school mends the first criterion: it no longer counts as untouched; the second still does
    with app.app_context():
        answer = workspace(application_id, person(HEAD_A)).answers()[found[0].code]
        mended = AnswerInput(
            found[0].code, answer.level, answer.commentary + " The signed log is uploaded.", answer.revision
        )
        save_answers(application_id, person(HEAD_A), [mended])
        db.session.commit()
    html = school.get(f"/applications/{application_id}/self-assessment?area={found[0].area}").get_data(as_text=True)
    assert "You have changed this since it was returned." in html
    assert post_event(school, application_id, event, comment=LONG_COMMENT).status_code == 422
    sent_anyway = post_event(school, application_id, event, comment=LONG_COMMENT, send_as_is="y")
    assert sent_anyway.status_code == 302, sent_anyway.get_data(as_text=True)[:2000]
    assert 'id="returned-banner"' not in page(school, application_id)

    # round 2: the assessor sees the round-1 judgment and comment, and what changed
    lead = signed_in(app, LEAD)
    assert lead.get(f"/applications/{application_id}/review").status_code == 200  # its first visit opens it
    html = lead.get(f"/applications/{application_id}/review?criterion={found[0].code}").get_data(as_text=True)
    previous = re.search(r'<section class="previous-round".*?</section>', html, re.S).group(0)
    assert "Round 1 and what the school changed" in previous
    assert COMMENT_0 in previous and "Insufficient evidence" in previous
    commentary = re.search(r'<tr id="change-commentary">.*?</tr>', previous, re.S).group(0)
    assert "changed" in commentary and "The signed log is uploaded." in commentary
    level = re.search(r'<tr id="change-level">.*?</tr>', previous, re.S).group(0)
    assert "changed" not in level
    html = lead.get(f"/applications/{application_id}/review?criterion={found[1].code}").get_data(as_text=True)
    assert COMMENT_1 in html and "The school changed nothing for this criterion." in html
