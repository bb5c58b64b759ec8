"""Bulk onboarding in the browser: per-row errors as in the CLI import, scope checked, school admins invited; large
files in the background with a page that shows the progress."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import Invitation, OnboardingJob, School
from accreditation.onboarding import operations
from tests.applications.web import signed_in
from tests.builders import csrf_token, link_in, mail_text, outbox

HEADER = "national_id,name,country,region,address,language,type,pupils,email\n"
GOOD = (
    HEADER
    + "MD-3001,Liceul Nou,MD,MD-CU,str. Nouă 1,ro,secondary,500,director@liceul-nou.md\n"
    + "MD-3002,Gimnaziul Vechi,MD,MD-BA,,ro,primary,,\n"
    + "MD-1001,Liceul Teoretic A (renamed),MD,MD-CU,,ro,secondary,800,\n"
)
BAD = (
    HEADER
    + "MD-3001,Liceul Nou,MD,MD-CU,,ro,secondary,500,\n"
    + "UA-3001,Lviv New School,UA,UA-46,,uk,secondary,300,\n"
    + "MD-3003,Școala X,MD,MD-ZZ,,ro,secondary,,\n"
    + "MD-3004,Școala Y,MD,MD-BA,,ro,castle,,\n"
    + "MD-3005,Școala Z,MD,MD-BA,,ro,primary,,not-an-address\n"
)


@pytest.fixture
def coordinator(app, world):
    return signed_in(app, world.emails["coordinator_md"])


def run_task(app, job_id: int) -> None:
    """What the worker does with the task's message (through the application's Celery, whatever is current)."""
    import accreditation.tasks.onboarding  # noqa: F401  (registers the task, as the worker's imports do)

    app.extensions["celery"].tasks["accreditation.tasks.onboarding.run_onboarding_job"].apply(args=[job_id])


@pytest.fixture
def queued(monkeypatch) -> list[int]:
    """The jobs sent to the worker (recorded here; the tests run the task themselves)."""
    sent: list[int] = []
    monkeypatch.setattr(operations, "send_to_worker", sent.append)
    return sent


def _upload(client, content: str | bytes, skip_invalid: bool = False, filename: str = "schools.csv"):
    token = csrf_token(client.get("/coordinate/onboarding").get_data(as_text=True))
    data = {
        "csrf_token": token,
        "file": (io.BytesIO(content if isinstance(content, bytes) else content.encode()), filename),
    }
    if skip_invalid:
        data["skip_invalid"] = "y"
    return client.post("/coordinate/onboarding", data=data, content_type="multipart/form-data")


def _schools(app) -> dict[str, School]:
    with app.app_context():
        rows = db.session.scalars(select(School)).all()
        db.session.expunge_all()
        return {school.national_id: school for school in rows}


def test_a_good_file_imports_the_schools_and_invites_their_admins(app, coordinator):
    response = _upload(coordinator, GOOD)
    assert response.status_code == 303
    page = coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert "Done" in page and 'http-equiv="refresh"' not in page
    assert '<dd id="created">2</dd>' in page and '<dd id="updated">1</dd>' in page and '<dd id="sent">1</dd>' in page
    schools = _schools(app)
    assert schools["MD-3001"].region_code == "MD-CU" and schools["MD-3001"].verification == "verified"
    assert schools["MD-1001"].name == "Liceul Teoretic A (renamed)"
    mails = outbox(app)
    assert [message["To"] for message in mails] == ["director@liceul-nou.md"]
    text = mail_text(mails[0])  # in the language the school teaches in (Romanian), not the coordinator's
    assert "Mira Coordinator" in text and "Liceul Nou" in text and "invites you" not in text
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert (invitation.role, invitation.email) == ("school_admin", "director@liceul-nou.md")
    accept = app.test_client().get(link_in(mails[0]))
    assert accept.status_code == 200  # the link opens the invitation page


def test_bad_rows_are_listed_by_line_and_nothing_is_imported(app, coordinator):
    before = len(_schools(app))
    response = _upload(coordinator, BAD)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was imported" in page
    assert "<td>3</td><td>region UA-46 is outside your scope</td>" in page
    assert "<td>4</td><td>unknown region code &#39;MD-ZZ&#39;</td>" in page
    assert "<td>5</td><td>type must be one of" in page
    assert "<td>6</td><td>email &#39;not-an-address&#39; is not an e-mail address</td>" in page
    assert "<td>2</td>" not in page  # the good row is not listed
    assert len(_schools(app)) == before
    assert outbox(app) == []


def test_with_skip_invalid_the_good_rows_are_imported_and_the_bad_ones_listed(app, coordinator):
    response = _upload(coordinator, BAD, skip_invalid=True)
    assert response.status_code == 303
    page = coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert '<dd id="created">1</dd>' in page
    assert "region UA-46 is outside your scope" in page
    schools = _schools(app)
    assert "MD-3001" in schools and "UA-3001" not in schools


def test_a_school_of_another_region_cannot_be_moved_into_the_coordinators_scope(app, world):
    with app.app_context():
        from tests.builders import add_school

        add_school("Kyiv School", "UA-5001", "UA", "UA-30", language="uk")
        db.session.commit()
    client = signed_in(app, world.emails["coordinator_ua"])  # coordinates UA-46 only
    response = _upload(client, HEADER + "UA-5001,Kyiv School,UA,UA-46,,uk,secondary,,\n")
    assert response.status_code == 422
    assert "school UA-5001 exists already, in region UA-30 outside your scope" in response.get_data(as_text=True)
    assert _schools(app)["UA-5001"].region_code == "UA-30"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,country\nA,MD\n", "missing columns: national_id, region, language, type"),
        ("national_id,name\n".encode("utf-16"), "the file is not UTF-8 text"),
        (b"", "the file is empty"),
        (HEADER.encode(), "the file has a header but no rows"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_reason(app, coordinator, content, message):
    response = _upload(coordinator, content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OnboardingJob)) == 0


def test_an_upload_needs_a_file_and_the_csrf_token(coordinator):
    token = csrf_token(coordinator.get("/coordinate/onboarding").get_data(as_text=True))
    assert coordinator.post("/coordinate/onboarding", data={"csrf_token": token}).status_code == 400
    no_token = coordinator.post(
        "/coordinate/onboarding",
        data={"file": (io.BytesIO(GOOD.encode()), "s.csv")},
        content_type="multipart/form-data",
    )
    assert no_token.status_code == 400


def _large_file(rows: int, email_every: int = 0) -> str:
    lines = [HEADER]
    for number in range(rows):
        region = "MD-CU" if number % 2 else "MD-BA"
        email = f"head{number}@school.md" if email_every and number % email_every == 0 else ""
        lines.append(f"MD-{number:05d},Școala {number},MD,{region},,ro,primary,{number % 900},{email}\n")
    return "".join(lines)


def test_a_large_file_runs_in_the_background_and_its_page_shows_the_progress(app, coordinator, queued):
    response = _upload(coordinator, _large_file(1200, email_every=100), filename="big.csv")
    assert response.status_code == 303
    job_url = response.headers["Location"]
    assert len(queued) == 1
    waiting = coordinator.get(job_url).get_data(as_text=True)
    assert "Waiting for the worker" in waiting and '<meta http-equiv="refresh" content="2">' in waiting

    run_task(app, queued[0])  # what the worker does with the message

    done = coordinator.get(job_url).get_data(as_text=True)
    assert "Done" in done and 'http-equiv="refresh"' not in done
    assert '<dd id="created">1200</dd>' in done and '<dd id="sent">12</dd>' in done
    assert 'value="1200"' in done  # the progress bar is full
    assert len(outbox(app)) == 12
    with app.app_context():
        job = db.session.get(OnboardingJob, queued[0])
        assert (job.in_background, job.rows_written, job.invitations_done, job.content) == (True, 1200, 12, "")
    run_task(app, queued[0])  # a duplicate delivery changes nothing
    assert len(outbox(app)) == 12


def test_a_background_job_resumes_after_its_last_written_chunk(app, coordinator, queued, monkeypatch):
    _upload(coordinator, _large_file(5000))
    calls = []
    real_apply = operations.apply_plan

    def failing_second_chunk(rows, progress=None):
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real_apply(rows, progress)

    monkeypatch.setattr(operations, "apply_plan", failing_second_chunk)
    with app.app_context():
        with pytest.raises(RuntimeError):
            operations.run_job(queued[0])
        db.session.rollback()
    with app.app_context():
        job = db.session.get(OnboardingJob, queued[0])
        assert (job.status, job.rows_written) == ("importing", operations.WRITE_CHUNK)
    monkeypatch.setattr(operations, "apply_plan", real_apply)
    run_task(app, queued[0])
    with app.app_context():
        job = db.session.get(OnboardingJob, queued[0])
        assert (job.status, job.rows_written, job.schools_created) == ("done", 5000, 5000)
        assert db.session.scalar(select(func.count()).select_from(School)) == 5002  # and the world's two


def test_bad_rows_of_a_background_file_are_shown_on_its_page(app, coordinator, queued):
    content = _large_file(600) + "UA-9999,Lviv,UA,UA-46,,uk,primary,,\n"
    job_url = _upload(coordinator, content).headers["Location"]
    run_task(app, queued[0])
    page = coordinator.get(job_url).get_data(as_text=True)
    assert "Failed" in page and "1 bad row; nothing was imported." in page
    assert "<td>602</td><td>region UA-46 is outside your scope</td>" in page
    assert len(_schools(app)) == 2


def test_a_job_is_seen_only_by_the_person_who_uploaded_it(app, world, coordinator):
    response = _upload(coordinator, GOOD)
    job_url = response.headers["Location"]
    other = signed_in(app, world.emails["coordinator_ua"])
    assert other.get(job_url).status_code == 404
    assert signed_in(app, world.emails["admin"]).get(job_url).status_code == 200
    assert signed_in(app, world.emails["school_admin_a"]).get("/coordinate/onboarding").status_code == 403


def test_a_real_worker_runs_the_background_job(app, coordinator, database_url, tmp_path, monkeypatch):
    from celery import Celery

    from tests.tasks.worker import running_worker, wait_for, worker_log

    broker = f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    backend = f"db+sqlite:///{tmp_path / 'results.sqlite'}"
    sender = Celery("test-client", broker=broker, set_as_current=False)
    monkeypatch.setattr(
        operations,
        "send_to_worker",
        lambda job_id: sender.send_task("accreditation.tasks.onboarding.run_onboarding_job", args=[job_id]),
    )
    job_url = _upload(coordinator, _large_file(800, email_every=200)).headers["Location"]
    with running_worker(tmp_path, database_url, broker, backend):
        finished = wait_for(lambda: "Done" in coordinator.get(job_url).get_data(as_text=True), timeout=90)
    assert finished, worker_log(tmp_path)
    page = coordinator.get(job_url).get_data(as_text=True)
    assert '<dd id="created">800</dd>' in page and '<dd id="sent">4</dd>' in page
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 4
