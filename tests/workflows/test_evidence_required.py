"""A programme's ``evidence_required`` setting: off by default, a true/false flag, and refused by the checks where
it could not take effect (no framework naming the evidence, no event with the guard that enforces it)."""

from __future__ import annotations

from tests.workflows.conftest import stand_in_registry
from tests.workflows.test_definition_errors import VALID, broken, has, problems_of, write
from workflows import load_programme


def test_it_is_off_unless_the_programme_says_so(tmp_path):
    programme = load_programme(write(tmp_path, VALID), stand_in_registry())
    assert programme.definition.evidence_required is False


def test_a_programme_with_a_framework_and_the_guard_may_require_evidence(tmp_path):
    def strict(data):
        data.update(framework="esafety-label", evidence_required=True)
        data["events"]["submit"]["guards"].append("required_documents_uploaded")

    programme = load_programme(write(tmp_path, broken(strict)), stand_in_registry())
    assert programme.definition.evidence_required is True


def test_it_must_be_true_or_false(tmp_path):
    problems = problems_of(write(tmp_path, broken(lambda d: d.update(evidence_required="yes"))))
    assert has(problems, "evidence_required", "must be true or false")


def test_it_needs_a_framework_and_the_guard_that_enforces_it(tmp_path):
    problems = problems_of(write(tmp_path, broken(lambda d: d.update(evidence_required=True))))
    assert has(problems, "evidence_required", "needs a framework")
    assert has(problems, "evidence_required", "no event has the guard required_documents_uploaded")


def test_flask_workflows_check_reports_it(app, tmp_path):
    write(tmp_path, broken(lambda d: d.update(code="mini-strict", evidence_required=True)), "strict.yaml")
    result = app.test_cli_runner().invoke(args=["workflows", "check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "evidence_required: needs a framework" in result.output
