"""Pages, form messages, programme labels, dates and e-mails in the person's language: their own choice, else
their school's language, else the browser's, else English."""

from __future__ import annotations

from email.header import decode_header, make_header

from sqlalchemy import update

from accreditation.extensions import db
from accreditation.i18n import text_direction
from accreditation.models import User
from tests.applications.builders import start
from tests.builders import csrf_token, mail_text, outbox, sign_in

HEAD_A, HEAD_B = "head.a@example.org", "head.b@example.org"  # school A teaches in Romanian, school B in Ukrainian


def _set_language(app, email: str, language: str) -> None:
    with app.app_context():
        db.session.execute(update(User).where(User.email == email).values(language=language))
        db.session.commit()


def _html(client, path: str, **headers) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_pages_are_english_without_any_choice(client, world):
    html = _html(client, "/sign-in")
    assert '<html lang="en" dir="ltr">' in html
    assert "<h1>Sign in</h1>" in html and "Forgot your password?" in html


def test_a_visitor_gets_the_browsers_language(client, world):
    html = _html(client, "/sign-in", **{"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"})
    assert '<html lang="uk" dir="ltr">' in html
    assert "<h1>Увійти</h1>" in html and "Забули пароль?" in html and "Ел. пошта" in html
    html = _html(client, "/sign-in", **{"Accept-Language": "ru,en;q=0.5"})
    assert "<h1>Войти</h1>" in html and "Забыли пароль?" in html


def test_a_visitors_choice_in_the_footer_wins_over_the_browser(client, world):
    token = csrf_token(_html(client, "/sign-in"))
    response = client.post("/language", data={"csrf_token": token, "language": "ru", "next": "/sign-in"})
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"
    html = _html(client, "/sign-in", **{"Accept-Language": "uk"})
    assert '<html lang="ru"' in html and "<h1>Войти</h1>" in html


def test_a_member_without_a_choice_gets_the_language_of_their_school(app, client, world, evidence):
    with app.app_context():
        application_id = start(world, "esafety-label", "b")
    sign_in(client, HEAD_B)
    html = _html(client, f"/schools/{world.school_b}")
    assert '<html lang="uk"' in html
    assert "Програми" in html and "Заявки вашої школи" in html
    assert "Зареєстровано" in html  # the programme's state label, from the programme file
    assert "Знак eSafety Label" in html  # the programme's name, from the programme file
    application = _html(client, f"/applications/{application_id}")
    assert "Розпочати самооцінювання" in application  # an event's label
    assert "Що робити зараз" in application and "Історія" in application  # the school's plain steps


def test_a_persons_own_choice_wins_over_the_school_and_the_browser(app, client, world):
    _set_language(app, HEAD_B, "ru")
    sign_in(client, HEAD_B)
    html = _html(client, f"/schools/{world.school_b}", **{"Accept-Language": "en"})
    assert '<html lang="ru"' in html and "Программы" in html and "Национальный идентификатор" in html
    _set_language(app, HEAD_B, "en")
    html = _html(client, f"/schools/{world.school_b}")
    assert '<html lang="en"' in html and "National identifier" in html


def test_form_errors_and_flash_messages_are_translated(app, client, world):
    _set_language(app, HEAD_A, "uk")
    sign_in(client, HEAD_A)
    members = _html(client, f"/schools/{world.school_a}/members")
    response = client.post(
        f"/schools/{world.school_a}/invitations",
        data={"csrf_token": csrf_token(members), "email": "", "role": "school_staff"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Запросити колегу" in html
    assert "This field is required." not in html  # WTForms' own messages come in the page's language too
    response = client.post(
        f"/schools/{world.school_a}/invitations",
        data={"csrf_token": csrf_token(members), "email": "new.teacher@example.org", "role": "school_staff"},
        follow_redirects=True,
    )
    assert "Запрошення надіслано на new.teacher@example.org." in response.get_data(as_text=True)


def test_dates_and_numbers_follow_the_language(app, client, world):
    _set_language(app, HEAD_A, "ru")
    sign_in(client, HEAD_A)
    html = _html(client, f"/schools/{world.school_a}")
    assert "Средняя" in html  # the type of school
    assert "Румынский" in html  # the language of teaching, named in Russian by Babel's locale data
    _set_language(app, HEAD_A, "en")
    html = _html(client, f"/schools/{world.school_a}")
    assert "Secondary" in html and "Romanian" in html


def test_an_email_is_written_in_the_recipients_language(app, client, world):
    _set_language(app, HEAD_A, "uk")
    page = _html(client, "/forgot-password")
    client.post("/forgot-password", data={"csrf_token": csrf_token(page), "email": HEAD_A})
    [message] = outbox(app)
    assert str(make_header(decode_header(message["Subject"]))) == "Зміна пароля в системі «Акредитація безпечної школи»"
    text = mail_text(message)
    assert text.startswith("Вітаємо, Head A!") and "хвилин і лише один раз" in text


def test_the_text_direction_comes_from_the_locale_data():
    assert text_direction("ar") == "rtl" and text_direction("he") == "rtl" and text_direction("fa") == "rtl"
    assert text_direction("uk") == "ltr" and text_direction("en") == "ltr"
    assert text_direction("xx-not-a-locale") == "ltr"


def test_a_right_to_left_locale_sets_the_page_direction_and_falls_back_to_english_texts(
    app, client, world, monkeypatch
):
    monkeypatch.setitem(app.config, "SUPPORTED_LOCALES", ("en", "ru", "uk", "ar"))
    html = _html(client, "/sign-in", **{"Accept-Language": "ar"})
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>Sign in</h1>" in html  # no Arabic catalogue: English texts
    assert 'lang="ar" >العربية</option>' in html or ">العربية</option>" in html  # the switcher names it in itself


def test_the_templates_gettext_translates_escapes_its_variables_and_reads_a_double_percent(app):
    template = app.jinja_env.from_string(
        "{{ _('Sign in') }}|{{ _('Reminders') }} {{ _('%(count)s of %(total)s criteria (%(share)s%%)', "
        "count='<b>1</b>', total=2, share=50) }}|{{ _('100%% sure') }}"
    )
    with app.test_request_context("/", headers={"Accept-Language": "ru"}):
        russian = template.render()
    with app.test_request_context("/"):
        english = template.render()
    assert russian.startswith("Войти|Напоминания &lt;b&gt;1&lt;/b&gt; из 2"), russian
    assert russian.endswith("(50%)|100% sure"), russian
    assert english == "Sign in|Reminders &lt;b&gt;1&lt;/b&gt; of 2 criteria (50%)|100% sure", english
