"""The training register's CSV import, through the pages as a school's admin: 2,000 rows in one go with every
rejected row reported by its line, the preview saving nothing, a second import of the same file recording nothing."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import TrainingRecord
from tests.between_awards.builders import HEAD_A, post_form, text_of
from tests.builders import sign_in

BAD_LINES = {
    101: "nobody",  # an unknown role
    502: "date",  # not a date
    1203: "future",  # in the future
    1999: "course",  # no course
}


def _csv(rows: int) -> bytes:
    lines = ["Name;Role;Course;Date;Provider"]
    for index in range(rows):
        line = index + 2  # the header is line 1
        role, course, day = "teacher", "online-safety-basics", f"2026-03-{index % 28 + 1:02d}"
        if BAD_LINES.get(line) == "nobody":
            role = "janitor"
        if BAD_LINES.get(line) == "date":
            day = "yesterday"
        if BAD_LINES.get(line) == "future":
            day = "2099-01-01"
        if BAD_LINES.get(line) == "course":
            course = ""
        lines.append(f"Person {index};{role};{course};{day};National Centre")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(TrainingRecord))


def test_two_thousand_rows_import_in_one_go_with_each_rejected_row_reported(app, client, world):
    sign_in(client, HEAD_A)
    base = f"/schools/{world.school_a}/training"
    preview = post_form(client, f"{base}/import", f"{base}/import", {}, {"file": (_csv(2000), "trainings.csv")})
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    text = text_of(html)
    assert "1,996 rows can be recorded." in text
    assert "4 rows cannot be: see why below." in text
    rejected = re.search(r'<table class="table" id="rejected".*?</table>', html, re.S).group(0)
    lines = [int(line.replace(",", "")) for line in re.findall(r"<tr><td>([\d,]+)</td>", rejected)]
    assert lines == sorted(BAD_LINES)
    assert "Choose the person&#39;s role" in rejected
    assert "The date is not a date" in rejected
    assert "The date of the training is in the future." in rejected
    assert "Name the course" in rejected
    assert _count(app) == 0  # the preview saves nothing

    content = re.search(
        r'name="content" type="hidden" value="([^"]*)"|type="hidden" name="content" value="([^"]*)"', html
    )
    assert content is not None
    done = post_form(client, f"{base}/import", f"{base}/import/confirm", {"content": _csv(2000).decode()})
    assert done.status_code == 200
    assert "1,996 trainings were recorded." in text_of(done.get_data(as_text=True))
    assert _count(app) == 1996

    again = post_form(client, f"{base}/import", f"{base}/import/confirm", {"content": _csv(2000).decode()})
    assert "0 trainings were recorded." in text_of(again.get_data(as_text=True))
    assert "2,000 rows were not imported" in text_of(again.get_data(as_text=True))
    assert _count(app) == 1996


def test_a_file_without_the_columns_is_refused_with_the_missing_ones_named(app, client, world):
    sign_in(client, HEAD_A)
    base = f"/schools/{world.school_a}/training"
    answer = post_form(
        client, f"{base}/import", f"{base}/import", {}, {"file": (b"who,when\nAna,2026-01-01\n", "x.csv")}
    )
    assert answer.status_code == 422
    assert "missing: name, role, course, date." in text_of(answer.get_data(as_text=True))
    answer = post_form(client, f"{base}/import", f"{base}/import", {}, {"file": ("a;b\n".encode("utf-16"), "x.csv")})
    assert answer.status_code == 422
    assert "not UTF-8" in text_of(answer.get_data(as_text=True))


def test_a_member_is_found_by_e_mail_and_an_unknown_address_is_reported(app, client, world):
    sign_in(client, HEAD_A)
    base = f"/schools/{world.school_a}/training"
    csv = (
        b"email,role,course,date\n"
        b"staff.a@example.org,support,Fire safety,2026-02-01\n"
        b"ghost@example.org,teacher,x,2026-02-01\n"
    )
    answer = post_form(client, f"{base}/import", f"{base}/import/confirm", {"content": csv.decode()})
    text = text_of(answer.get_data(as_text=True))
    assert "1 training was recorded." in text
    assert "No member of the school has the e-mail address ghost@example.org." in text
    with app.app_context():
        record = db.session.scalars(select(TrainingRecord)).one()
        assert (record.person_name, record.staff_role, record.course_text) == ("Staff A", "support", "Fire safety")
        assert record.user_id is not None
