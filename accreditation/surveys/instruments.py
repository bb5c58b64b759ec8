"""The loaded survey instruments (checked against the programmes' frameworks) and the audiences' names."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from accreditation.applications.runtime import Workflows, current_workflows
from workflows.problems import Problem
from workflows.surveys import AUDIENCES, INSTRUMENTS_DIR, Instrument, Instruments, read_instruments

AUDIENCE_TITLES = {
    "pupils_9_11": _l("Pupils aged 9 to 11"),
    "pupils_12_14": _l("Pupils aged 12 to 14"),
    "pupils_15_18": _l("Pupils aged 15 to 18"),
    "parents": _l("Parents and carers"),
    "staff": _l("Teachers and other staff"),
}
assert set(AUDIENCE_TITLES) == set(AUDIENCES)


def criteria_of_programmes(workflows: Workflows) -> dict[str, tuple[set[str], set[int]]]:
    """Programme code -> (criterion codes, levels) of its current framework, for the instruments' checks."""
    found = {}
    for code, programme in workflows.programmes.items():
        framework = workflows.framework_of(programme)
        if framework is not None:
            found[code] = ({c.code for c in framework.criteria}, set(framework.levels))
    return found


def check(workflows: Workflows) -> list[Problem]:
    """Every problem of the shipped instruments (``flask workflows check``)."""
    return read_instruments(INSTRUMENTS_DIR, criteria_of_programmes(workflows))[1]


def current_instruments() -> Instruments:
    """The valid instruments, read once per application."""
    instruments = current_app.extensions.get("survey_instruments")
    if instruments is None:
        instruments, _problems = read_instruments(INSTRUMENTS_DIR, criteria_of_programmes(current_workflows()))
        current_app.extensions["survey_instruments"] = instruments
    return instruments


def instrument_of(programme: str, version: int | None = None) -> Instrument | None:
    instruments = current_instruments()
    return instruments.latest(programme) if version is None else instruments.get(programme, version)
