"""The landing page, each role's home page, a person's preferences and any visitor's choice of language."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required

from accreditation.accounts.invitations import ROLE_TITLES as MEMBER_ROLE_TITLES
from accreditation.accounts.staff import STAFF_ROLE_TITLES
from accreditation.i18n import SESSION_KEY, language_names
from accreditation.identity import refresh_principal, signed_in_user
from accreditation.models import User
from accreditation.models.time import utcnow
from accreditation.pages.auth.redirects import safe_next
from accreditation.pages.home.forms import LanguageForm, PreferencesForm
from accreditation.todo.lists import home_for

bp = Blueprint("home", __name__)


def _languages() -> dict[str, str]:
    return language_names()


@bp.route("/")
def index():
    """The welcome page; signed in, the person's to-do list (where they land after signing in)."""
    if not current_user.is_authenticated:
        return render_template("home/welcome.html")
    todo = home_for(current_user, utcnow(), current_app.config["STALLED_AFTER_DAYS"])
    if not todo.parts:
        return redirect(url_for("home.me"))
    return render_template("home/todo.html", todo=todo)


def role_titles(user: User) -> list[str]:
    """The person's roles as their language names them ("Assessor", "School admin"), not as codes."""
    titles = {**STAFF_ROLE_TITLES, **MEMBER_ROLE_TITLES}
    return [str(titles[name]) if name in titles else name for name in user.role_names]


def _me_page(form: PreferencesForm, status: int = 200):
    return render_template("home/me.html", form=form, roles=role_titles(current_user)), status


@bp.route("/me")
@login_required
def me():
    form = PreferencesForm(language=current_user.language, timezone=current_user.timezone)
    form.fill_choices(_languages())
    return _me_page(form)


@bp.post("/me")
@login_required
def save_preferences():
    form = PreferencesForm()
    form.fill_choices(_languages())
    if not form.validate():
        return _me_page(form, 422)
    person = signed_in_user()
    person.language = form.language.data or ""
    person.timezone = form.timezone.data
    refresh_principal()
    session.pop(SESSION_KEY, None)
    refresh()  # the message in the language just chosen (the request's was read to name the languages)
    flash(_("Your preferences are saved."), "success")
    return redirect(url_for(".me"))


@bp.post("/language")
def choose_language():
    """Any visitor picks the language of the pages (kept in their session; a signed-in person's account too)."""
    form = LanguageForm()
    form.fill_choices(_languages())
    if not form.validate():
        flash(_("Please choose one of the languages offered."), "error")
        return redirect(url_for(".index"))
    session[SESSION_KEY] = form.language.data
    if current_user.is_authenticated:
        signed_in_user().language = form.language.data
        refresh_principal()
    return redirect(safe_next(form.next.data, url_for(".index")))
