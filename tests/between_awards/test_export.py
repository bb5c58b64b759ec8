"""The school's data export carries the between-awards data: the training register with its certificates' files,
the staff numbers, the incident log, the calendar and the health checks."""

from __future__ import annotations

import io
import json
import zipfile

from tests.applications.builders import start
from tests.assessment.builders import PDF
from tests.between_awards.builders import HEAD_A, post_form
from tests.builders import csrf_token, sign_in


def test_the_export_holds_the_register_the_log_and_the_calendar(app, client, world):
    with app.app_context():
        start(world, "ciss")
    sign_in(client, HEAD_A)
    training = f"/schools/{world.school_a}/training"
    post_form(client, training, f"{training}/staff", {"teacher": "12"})
    form = {"person": "", "person_name": "Ana Popescu", "staff_role": "teacher", "course": "safeguarding-online",
            "course_text": "", "completed_on": "2026-02-03", "provider": "CNPAC"}  # fmt: skip
    assert (
        post_form(client, f"{training}/new", f"{training}/new", form, {"certificate": (PDF, "a.pdf")}).status_code
        == 302
    )
    incidents = f"/schools/{world.school_a}/incidents"
    incident = {"category": "data-breach", "occurred_on": "2026-02-01", "involved": ["staff"], "description": "",
                "action_taken": "Passwords changed.", "referral": ""}  # fmt: skip
    assert post_form(client, f"{incidents}/new", f"{incidents}/new", incident).status_code == 302
    client.get(f"/schools/{world.school_a}/calendar")  # the calendar's rows of this period

    page = client.get(f"/schools/{world.school_a}/export")
    response = client.post(
        f"/schools/{world.school_a}/export", data={"csrf_token": csrf_token(page.get_data(as_text=True))}
    )
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    section = json.loads(archive.read("school.json"))["between_awards"]
    [record] = section["training"]
    assert (record["person_name"], record["course_code"], record["completed_on"]) == (
        "Ana Popescu",
        "safeguarding-online",
        "2026-02-03",
    )
    assert archive.read(record["file"]) == PDF
    assert section["staff_counts"] == {"teacher": 12}
    assert [(i["category"], i["involved"], i["action_taken"]) for i in section["incidents"]] == [
        ("data-breach", "staff", "Passwords changed.")
    ]
    assert {duty["duty_code"] for duty in section["calendar"]} == {"policy-review", "filtering-check", "aup-renewal"}
    assert section["health_checks"] == []
