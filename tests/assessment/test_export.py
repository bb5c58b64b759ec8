"""A school admin downloads everything the system holds about the school as one archive (JSON plus files)."""

from __future__ import annotations

import io
import json
import zipfile

from tests.applications.builders import fire_as
from tests.applications.web import signed_in
from tests.assessment.builders import HEAD_A, PDF, answer_all, ready_for_answers, upload_required
from tests.builders import csrf_token


def test_the_school_admin_downloads_the_school_data_as_one_archive(app, world):
    with app.app_context():
        application_id = ready_for_answers(world)
        answer_all(application_id)
        upload_required(application_id)
        fire_as(application_id, "submit", HEAD_A)
    client = signed_in(app, HEAD_A)
    page = client.get(f"/schools/{world.school_a}/export")
    assert page.status_code == 200
    response = client.post(
        f"/schools/{world.school_a}/export", data={"csrf_token": csrf_token(page.get_data(as_text=True))}
    )
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("school.json"))
    assert data["school"]["name"] == "Liceul Teoretic A"
    assert {m["email"] for m in data["members"]} == {"head.a@example.org", "staff.a@example.org"}
    application = data["applications"][0]
    assert application["state"] == "submitted"
    assert [h["event"] for h in application["history"]] == ["join-programme", "start_self_assessment", "submit"]
    assert application["self_assessment"]["answers"] and application["snapshots"][0]["round"] == 1
    files = [v["file"] for d in application["documents"] for v in d["versions"]]
    assert files and all(archive.read(name) == PDF for name in files)
    assert "password_hash" not in archive.read("school.json").decode()


def test_staff_and_other_schools_cannot_export(app, world):
    for email, status in (("staff.a@example.org", 403), ("head.b@example.org", 403), ("coord.md@example.org", 403)):
        client = signed_in(app, email)
        assert client.get(f"/schools/{world.school_a}/export").status_code == status, email
        token = csrf_token(client.get("/me").get_data(as_text=True))
        assert client.post(f"/schools/{world.school_a}/export", data={"csrf_token": token}).status_code == status
