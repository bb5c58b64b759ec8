"""The surveys in a school's data export: each window with its results as the school sees them (aggregates only,
nothing below the threshold; no free text, no response) and the instruments they were asked with."""

from __future__ import annotations

from typing import Any

from accreditation.models import School
from accreditation.surveys.instruments import instrument_of
from accreditation.surveys.results import results_of
from accreditation.surveys.windows import windows_of
from workflows.surveys import Instrument


def _instrument(instrument: Instrument) -> dict[str, Any]:
    return {
        "programme": instrument.programme,
        "version": instrument.version,
        "threshold": instrument.threshold,
        "scale": {value: dict(label.translations) for value, label in instrument.scale.items()},
        "questions": [
            {
                "code": q.code,
                "audiences": list(q.audiences),
                "criteria": list(q.criteria),
                "text": dict(q.text.translations),
            }
            for q in instrument.questions
        ],
    }


def survey_export(school: School) -> dict[str, Any]:
    """``{"windows": [...], "instruments": [...]}`` for the school's archive."""
    windows = []
    used: dict[tuple[str, int], Instrument] = {}
    for window in reversed(windows_of(school)):
        results = results_of([window])
        instrument = instrument_of(window.programme, window.instrument_version)
        if instrument is not None:
            used[(instrument.programme, instrument.version)] = instrument
        windows.append(
            {
                "programme": window.programme,
                "instrument_version": window.instrument_version,
                "opens_on": window.opens_on.isoformat(),
                "closes_on": window.closes_on.isoformat(),
                "languages": window.language_list,
                "threshold": results.threshold if results else None,
                "audiences": [
                    {
                        "audience": audience.audience,
                        "responses": audience.responses,  # None: fewer than the threshold
                        "criteria": {code: view.mean for code, view in audience.criteria.items()},
                    }
                    for audience in (results.audiences if results else [])
                ],
            }
        )
    return {"windows": windows, "instruments": [_instrument(i) for i in used.values()]}
