"""No English leaks into a translated page: every page of the permission matrix, the PDFs' text, the API's answers
and the e-mails, rendered in a pseudo-language, carry no run of two English words outside data.

The pseudo-language is Esperanto's code (``eo``), registered for this module only: Babel knows its conventions
(a decimal comma, its own month names), so a number or a date written by ``str()`` shows too. Its catalogue is built
here from the messages Babel extracts with the same mapping as ``flask translations update``, each message made
visibly different with its placeholders kept ("Sign in" → "Ŝîĝñ îñ"); the texts of the programme and framework
files are transformed the same way. Every person reads in it. A run of two or more words from an English word list
(zxcvbn's frequency lists) left in a page is a leak, unless it is data: any text stored in the database (a school's
or a person's name, an e-mail address, a comment someone wrote) is taken out before the page is read.

One scene for the module (tests/proof's, built once per session); the pages of every role, the PDFs and the API
calls run in one test each, so the whole module takes a minute or two.
"""

from __future__ import annotations

import io
import re
from email.header import decode_header, make_header
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from pypdf import PdfReader
from sqlalchemy import String, Text, select, update
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from accreditation.cli.translations import extract_messages
from accreditation.extensions import db
from accreditation.i18n import babel
from accreditation.models import User
from tests.api import test_permissions as api_table
from tests.api.builders import ROLES
from tests.proof.builders import RoleClients
from tests.proof.conftest import api, quick_passwords, recording, scene, sent, tokens, world  # noqa: F401
from tests.proof.routes import READS
from tests.surveys import proof_rows as survey_rows
from workflows import texts

PSEUDO = "eo"
PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
ACCENTED = "àƀĉđèƒĝĥîĵķĺɱñòƥʠŕŝţûʋŵẋýžÀƁĈĐÈƑĜĤÎĴĶĹṀÑÒƤɊŔŜŢÛƲŴẊÝŽ"
LETTERS = str.maketrans(PLAIN, ACCENTED)
KEPT = re.compile(r"%\(\w+\)[sd]|%%|%[sd]|\{\w*\}")  # placeholders stay as they are
# Two or more of the commonest English words in a row; a word list, not a dictionary, so that codes and names of
# one word (CISS, PDF, Chișinău) do not count. The words of data formats and addresses are not words here.
NOT_WORDS = {"doc", "https", "http", "www", "pdf", "csv", "json", "api", "id", "ids", "ii", "iii", "iv", "md", "ua"}
ENGLISH = {
    word
    for name in ("english_wikipedia", "us_tv_and_film")
    for word in FREQUENCY_LISTS[name][:5000]
    if len(word) > 1 and word.isascii() and word.isalpha() and word not in NOT_WORDS
} | {"a", "i"}
# a school's uploaded files, a network's shared ones; styles
SERVES_DATA = {
    "self_assessment.download",
    "networks.download",
    "networks.offered_file",
    "training.certificate",
    "static",
}
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def pseudo(text: str) -> str:
    """``text`` with every Latin letter accented, its placeholders kept: "Sign in, %(name)s" → "Ŝîĝñ îñ, %(name)s"."""
    parts = KEPT.split(text)
    kept = KEPT.findall(text)
    return "".join(part.translate(LETTERS) + (kept[i] if i < len(kept) else "") for i, part in enumerate(parts))


def english_runs(text: str) -> list[str]:
    """The runs of two or more English words in ``text`` (words separated by blanks only)."""
    runs, current = [], []
    for token in re.split(r"\s+", text):
        word = token.strip(".,:;!?()[]«»“”\"'—–-/·…")
        if word and WORD.fullmatch(word) and word.lower() in ENGLISH:
            current.append(word)
            continue
        if len(current) >= 2:
            runs.append(" ".join(current))
        current = []
    if len(current) >= 2:
        runs.append(" ".join(current))
    return runs


class _VisibleText(HTMLParser):
    """The text a person reads or hears: the page's text and the attributes read aloud or shown, not scripts."""

    SPOKEN = {"title", "alt", "aria-label", "placeholder", "aria-description"}
    NOT_PROSE = {"script", "style", "pre", "code"}  # code and source shown as they are (a workflow's Mermaid)

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.NOT_PROSE:
            self.hidden += 1
        values = dict(attrs)
        self.parts += [value for name, value in attrs if name in self.SPOKEN and value]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in self.NOT_PROSE and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in json_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in json_strings(item)]
    return []


def stored_texts() -> re.Pattern:
    """Every text of more than one word stored in the database, as one pattern (longest first): data, not the
    product's words. (A stored word alone cannot make a run; taking it out could cut a leak in two.)"""
    found: set[str] = set()
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, String | Text)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for value in row:
                if isinstance(value, str) and len(value.split()) > 1:
                    found.add(value.strip())
                    found.update(line.strip() for line in value.splitlines() if len(line.split()) > 1)
    values = sorted(found, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(value) for value in values) + r")(?!\w)")


# A decimal written with a point: the pseudo-language writes a comma, so ``str()`` or ``%.1f`` shows ("2.8"). Not a
# part of a longer dotted run (an address 127.0.0.1, a version 1.2.3, a date 06.12.2026), of a word (v1.0) or of a
# time (12:30:05.123456); nor the version of a standard the text names (Open Badges 3.0, iCalendar's VERSION:2.0).
POINT_DECIMAL = re.compile(r"(?<![\w.:])\d+\.\d+(?![\w.])")
STANDARD_VERSIONS = re.compile(r"VERSION:2\.0|\b3\.0(?=, [^\s)]+\))")  # "(Open Badges 3.0, JSON)"


def leaks(text: str, data: re.Pattern) -> list[str]:
    """The English runs of ``text`` and its decimals written with a point, once the stored data is taken out."""
    plain = STANDARD_VERSIONS.sub(" ", data.sub(" ¶ ", text))
    return english_runs(plain) + [f"decimal point: {number}" for number in POINT_DECIMAL.findall(plain)]


# --- the pseudo-language, for this module ---------------------------------------------------------------------------


def pseudo_catalogue() -> Catalog:
    catalogue = Catalog(locale=PSEUDO, charset="utf-8")
    for message in extract_messages():
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            forms = [pseudo(message.id[0])] + [pseudo(message.id[1])] * (catalogue.num_plurals - 1)
            catalogue.add(message.id, tuple(forms), context=message.context)
        else:
            catalogue.add(message.id, pseudo(message.id), context=message.context)
    return catalogue


@pytest.fixture(scope="module")
def pseudo_language(app):
    """The app speaks the pseudo-language: its catalogue compiled where the app reads catalogues, the language
    supported, and the programme and framework texts transformed."""
    directory = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")[0]) / PSEUDO / "LC_MESSAGES"
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "messages.mo").open("wb") as file:
        write_mo(file, pseudo_catalogue())
    original = texts.Text.in_

    def in_(self, language):
        return pseudo(self.en) if language and language.split("_")[0] == PSEUDO else original(self, language)

    cache = babel.domain_instance.cache  # Flask-Babel keeps each catalogue it has loaded
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(texts.Text, "in_", in_)
        patch.setitem(app.config, "SUPPORTED_LOCALES", (*app.config["SUPPORTED_LOCALES"], PSEUDO))
        patch.setitem(survey_rows.WINDOW_LANGUAGES, "offered", f"{PSEUDO},en")  # a survey speaks its window's languages
        cache.clear()
        yield
    cache.clear()
    (directory / "messages.mo").unlink()


@pytest.fixture
def everyone_reads_pseudo(app, scene, pseudo_language):  # noqa: F811  (scene is a fixture)
    with app.app_context():
        db.session.execute(update(User).values(language=PSEUDO))
        db.session.commit()
        data = stored_texts()
        db.session.remove()
    return data


def _report(found: dict[str, list[str]]) -> str:
    return "English left in the pseudo-language:\n" + "\n".join(
        f"  {where}: {' | '.join(sorted(set(runs))[:8])}" for where, runs in sorted(found.items())
    )


# --- the tests ------------------------------------------------------------------------------------------------------


def test_the_pseudo_language_keeps_placeholders_and_reads_as_no_english():
    assert pseudo("Sign in, %(name)s: 50%% of {count}") == "Ŝîĝñ îñ, %(name)s: 50%% òƒ {count}"
    assert english_runs(pseudo("The e-mail address or the password is not right.")) == []
    assert english_runs("Mira: the application is ready.") == ["the application is ready"]
    assert english_runs("CISS · Chișinău 2,8") == []
    nothing = re.compile("(?!)")
    assert leaks("Mezumo 2.8, 127.0.0.1, v1.0, 2,8, 12:30:05.123", nothing) == ["decimal point: 2.8"]


def test_no_page_of_any_role_leaks_english(app, scene, everyone_reads_pseudo):  # noqa: F811
    clients = RoleClients(app)
    found: dict[str, list[str]] = {}
    for route in READS:
        if route.endpoint in SERVES_DATA:
            continue
        for role in ROLES:
            with app.app_context():
                call = route.request(scene, role)
                db.session.remove()
            url = f"{call.path}?{call.query}" if call.query else call.path
            response = clients[role].get(url, headers={"Accept-Language": PSEUDO})  # what the anonymous read
            body = response.get_data()
            if response.status_code != 200:
                continue
            kind = response.mimetype
            if kind == "text/html":
                text = visible_text(body.decode())
            elif kind == "application/pdf":
                assert body.startswith(b"%PDF"), (route.name, role, body[:200])
                text = pdf_text(body)
            elif kind in ("text/csv", "text/calendar", "text/plain"):
                text = body.decode()
            else:
                continue
            if runs := leaks(text, everyone_reads_pseudo):
                found.setdefault(f"{route.name} as {role}", []).extend(runs)
    assert not found, _report(found)


def test_no_api_answer_leaks_english(app, api, scene, everyone_reads_pseudo):  # noqa: F811
    found: dict[str, list[str]] = {}
    for row in api_table.READS:
        for role in ROLES:
            with app.app_context():
                method, path, kwargs = row.request(scene, role)
            headers = {**kwargs.pop("headers", {}), "Accept-Language": PSEUDO}
            response = api.call(method, path, role if ROLES[role] else None, headers=headers, **kwargs)
            if response.mimetype != "application/json" or path.endswith("openapi.json"):
                continue
            strings = json_strings(response.get_json())  # each on its own: codes side by side are no sentence
            if runs := [run for text in strings for run in leaks(text, everyone_reads_pseudo)]:
                found.setdefault(f"{row.name} as {role} ({response.status_code})", []).extend(runs)
    assert not found, _report(found)


def test_no_password_email_leaks_english(app, scene, everyone_reads_pseudo):  # noqa: F811
    from tests.builders import csrf_token, mail_text, outbox

    client = app.test_client()
    for email in [address for address in ROLES.values() if address]:
        token = csrf_token(client.get("/forgot-password").get_data(as_text=True))
        client.post("/forgot-password", data={"email": email, "csrf_token": token})
    messages = outbox(app)
    assert messages
    found = {}
    for message in messages:
        text = f"{make_header(decode_header(message['Subject']))}\n{mail_text(message)}"
        if runs := leaks(text, everyone_reads_pseudo):
            found[f"e-mail to {message['To']}: {message['Subject']}"] = runs
    assert not found, _report(found)
