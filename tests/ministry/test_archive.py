"""``flask certificates archive``: a static folder that verifies every certificate offline. Opened from the file
system in Chromium with the network off, it says valid for a valid code, revoked for a revoked one, and refuses a
tampered code and a credential altered in the folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accreditation.certificates.codes import code_for
from tests.applications.builders import fire_as
from tests.certificates.builders import COORDINATORS, certified, run_jobs
from tests.ministry.independent_verifier import verdict


def _archive(app, destination: Path, *args: str):
    return app.test_cli_runner().invoke(args=["certificates", "archive", str(destination), *args])


@pytest.fixture
def archived(app, world, evidence, tmp_path) -> tuple[Path, str, str]:
    """An archive of two certificates, the second revoked: the folder, the valid code, the revoked code."""
    with app.app_context():
        valid = certified(world, "ciss", "a")
        revoked = certified(world, "esafety-label", "b")
        valid_code, revoked_code = code_for(valid.verification_id), code_for(revoked.verification_id)
        fire_as(revoked.application_id, "revoke", COORDINATORS["b"], comment="The label was obtained by mistake.")
        run_jobs(revoked.application_id)
    folder = tmp_path / "archive"
    result = _archive(app, folder)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 certificates archived")
    return folder, valid_code, revoked_code


def _offline(folder: Path, documents: dict[str, dict]):
    """A fetch of the archive's own JSON files by the published URLs (no server involved)."""

    def fetch(url: str) -> dict:
        if url.endswith("/.well-known/did.json"):
            return json.loads((folder / "did.json").read_text())
        for purpose in ("revocation", "suspension"):
            if url.endswith(f"/credentials/status/{purpose}"):
                return json.loads((folder / "status" / f"{purpose}.json").read_text())
        raise AssertionError(f"not in the archive: {url}")

    return fetch


def test_the_folder_holds_what_an_independent_verifier_needs(archived):
    folder, valid_code, revoked_code = archived
    codes = json.loads((folder / "codes.json").read_text())
    fetch = _offline(folder, {})
    credential = json.loads((folder / "credentials" / f"{codes[valid_code]}.json").read_text())
    assert verdict(credential, fetch) == "valid"
    revoked = json.loads((folder / "credentials" / f"{codes[revoked_code]}.json").read_text())
    assert verdict(revoked, fetch) == "revoked"
    assert {path.name for path in folder.iterdir()} >= {"index.html", "verify.js", "data.js", "jwks.json", "status"}


def test_a_folder_that_is_not_empty_is_refused(app, tmp_path):
    (tmp_path / "something").write_text("x")
    result = _archive(app, tmp_path)
    assert result.exit_code != 0
    assert "is not an empty folder" in result.output
    assert _archive(app, tmp_path / "new", "--language", "xx").exit_code != 0


def _check(browser, folder: Path, code: str) -> str:
    context = browser.new_context(offline=True)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto((folder / "index.html").as_uri())
    page.fill("#code", code)
    page.click("button[type=submit]")
    page.wait_for_selector("#result[data-outcome]")
    outcome = page.get_attribute("#result", "data-outcome")
    shown = page.locator(f'[data-outcome="{outcome}"]:not(#result)').inner_text()
    assert shown and page.locator(f'[data-outcome="{outcome}"]:not(#result)').is_visible()
    context.close()
    assert all(url.startswith("file://") for url in requests), requests  # nothing left the computer
    return outcome


def test_the_archive_verifies_offline_in_chromium_and_refuses_a_tampered_code(archived, browser):
    folder, valid_code, revoked_code = archived
    assert _check(browser, folder, valid_code) == "valid"
    assert _check(browser, folder, revoked_code) == "revoked"
    tampered = valid_code[:-1] + ("A" if valid_code[-1] != "A" else "B")
    assert _check(browser, folder, tampered) == "unknown"


def test_a_credential_altered_in_the_folder_is_refused(archived, browser):
    folder, valid_code, _ = archived
    data = (folder / "data.js").read_text()
    assert data.count("Liceul Teoretic A") >= 1
    (folder / "data.js").write_text(data.replace("Liceul Teoretic A", "Liceul Teoretic Z"))
    assert _check(browser, folder, valid_code) == "tampered"
