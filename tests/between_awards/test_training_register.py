"""Adding a training by hand, with its certificate, as the school's admin; what the staff and other schools get."""

from __future__ import annotations

from tests.assessment.builders import PDF
from tests.between_awards.builders import HEAD_A, TRAINING_FORM, post_form, text_of
from tests.builders import sign_in, sign_out


def test_an_admin_adds_a_training_with_its_certificate_and_downloads_it(app, client, world):
    sign_in(client, HEAD_A)
    base = f"/schools/{world.school_a}/training"
    empty = text_of(client.get(base).get_data(as_text=True))
    assert "No training is recorded yet." in empty
    answer = post_form(client, f"{base}/new", f"{base}/new", TRAINING_FORM, {"certificate": (PDF, "ana.pdf")})
    assert answer.status_code == 302
    page = client.get(base).get_data(as_text=True)
    text = text_of(page)
    assert "Ana Popescu" in text and "Online safety for governors and board members" in text
    assert "Governor or board member" in text
    assert f"{base}/1/certificate" in page
    download = client.get(f"{base}/1/certificate")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"


def test_a_certificate_that_is_not_a_pdf_or_an_image_is_refused_and_nothing_is_saved(app, client, world):
    sign_in(client, HEAD_A)
    base = f"/schools/{world.school_a}/training"
    answer = post_form(client, f"{base}/new", f"{base}/new", TRAINING_FORM, {"certificate": (b"MZ\x90\x00", "x.exe")})
    assert answer.status_code == 422
    assert "The certificate must be a PDF, PNG or JPEG file." in text_of(answer.get_data(as_text=True))
    assert "No training is recorded yet." in text_of(client.get(base).get_data(as_text=True))


def test_a_training_in_the_future_or_without_a_course_is_refused_with_the_reason(app, client, world):
    sign_in(client, HEAD_A)
    base = f"/schools/{world.school_a}/training"
    future = post_form(client, f"{base}/new", f"{base}/new", {**TRAINING_FORM, "completed_on": "2099-01-01"})
    assert future.status_code == 422
    assert "The date of the training is in the future." in text_of(future.get_data(as_text=True))
    no_course = post_form(client, f"{base}/new", f"{base}/new", {**TRAINING_FORM, "course": ""})
    assert no_course.status_code == 422
    assert "Name the course" in text_of(no_course.get_data(as_text=True))


def test_staff_read_the_register_but_do_not_keep_it_and_other_schools_see_nothing(app, client, world):
    base = f"/schools/{world.school_a}/training"
    sign_in(client, "staff.a@example.org")
    page = client.get(base)
    assert page.status_code == 200
    assert "Add a training" not in page.get_data(as_text=True)
    assert client.get(f"{base}/new").status_code == 403
    assert client.get(f"{base}/import").status_code == 403
    sign_out(client)
    sign_in(client, "head.b@example.org")
    assert client.get(base).status_code == 403
