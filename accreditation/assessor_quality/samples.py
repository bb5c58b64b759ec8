"""The calibration samples shipped with the programmes (``workflows/frameworks/calibration/``), read once per
application and checked against the loaded frameworks; ``flask workflows check`` reports their problems."""

from __future__ import annotations

from flask import current_app

from accreditation.applications.runtime import Workflows, current_workflows
from workflows.calibration_samples import SAMPLES_DIR, CalibrationSample, read_samples
from workflows.problems import Problem


def check(workflows: Workflows) -> list[Problem]:
    """Every problem of the shipped samples."""
    return read_samples(workflows.frameworks, SAMPLES_DIR)[1]


def shipped() -> dict[str, CalibrationSample]:
    """The valid samples by code."""
    found = current_app.extensions.get("calibration_samples")
    if found is None:
        found = read_samples(current_workflows().frameworks, SAMPLES_DIR)[0]
        current_app.extensions["calibration_samples"] = found
    return found


def programme_of(sample: CalibrationSample) -> str | None:
    """The programme whose framework the sample answers (its current framework's code), if one is loaded."""
    workflows = current_workflows()
    for code in sorted(workflows.programmes):
        framework = workflows.framework_of(workflows.programme(code))
        if framework is not None and framework.code == sample.framework_code:
            return code
    return None


def usable() -> list[tuple[CalibrationSample, str]]:
    """The samples a coordinator may choose, each with its programme."""
    found = []
    for sample in shipped().values():
        programme = programme_of(sample)
        if programme is not None:
            found.append((sample, programme))
    return sorted(found, key=lambda pair: pair[0].code)
