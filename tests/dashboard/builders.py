"""Applications with a known history, written directly (state, times, records), for figures computed by hand."""

from __future__ import annotations

from datetime import datetime, timedelta

from accreditation.applications.operations import add_months
from accreditation.applications.stay_counts import count_stay
from accreditation.extensions import db
from accreditation.models import Application, School, TransitionRecord
from accreditation.models.time import utcnow
from tests.builders import add_school

NOW = utcnow()


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def add_application(
    school_id: int,
    programme: str,
    history: list[tuple[str, float]],
    level: str | None = None,
    validity_months: int = 24,
    deadline_days_ago: float | None = None,
    open_: bool = True,
) -> int:
    """An application whose states were entered at the given days ago (the first is the initial state); the last
    is its state. With ``level``, the award was given on entering the last state. Its records and the stay counts
    are written as fire() writes them."""
    times = [days_ago(days) for _, days in history]
    state, entered = history[-1][0], times[-1]
    application = Application(
        school_id=school_id,
        programme_code=programme,
        cycle=1,
        state=state,
        is_open=open_,
        version=len(history),
        state_entered_at=entered,
        created_at=times[0],
        updated_at=entered,
        deadline=days_ago(deadline_days_ago).date() if deadline_days_ago is not None else None,
        award_level=level,
        awarded_at=entered if level else None,
        expires_at=add_months(entered, validity_months) if level else None,
    )
    db.session.add(application)
    db.session.flush()
    previous = None
    for version, ((name, _), at) in enumerate(zip(history, times, strict=True), start=1):
        db.session.add(
            TransitionRecord(
                application_id=application.id,
                version=version,
                event="join-programme" if previous is None else f"to_{name}",
                from_state=previous[0] if previous else None,
                to_state=name,
                actor_role="system",
                comment="",
                data={},
                at=at,
                seconds_in_from_state=round((at - previous[1]).total_seconds()) if previous else None,
            )
        )
        if previous:  # as fire() does
            seconds = round((at - previous[1]).total_seconds())
            count_stay(programme, db.session.get(School, school_id).country_code, previous[0], name, seconds)
        previous = (name, at)
    db.session.flush()
    return application.id


def build_pilot(world) -> dict[str, int]:
    """The hand-computed pilot of the dashboard tests (see test_figures.py for the figures it gives)."""
    ids = {}
    schools = {
        "m1": world.school_a,  # Liceul Teoretic A, MD-CU
        "m2": add_school("Școala M2", "MD-1002", "MD", "MD-CU").id,
        "m3": add_school("Gimnaziul M3", "MD-1003", "MD", "MD-BA").id,
        "m4": add_school("Liceul M4", "MD-1004", "MD", "MD-BA").id,
        "m5": add_school("Școala M5", "MD-1005", "MD", "MD-CU").id,
        "m6": add_school("Liceul M6", "MD-1006", "MD", "MD-BA").id,
        "u1": world.school_b,  # Lviv School B, UA-46
        "u2": add_school("Kyiv School U2", "UA-2002", "UA", "UA-30", language="uk").id,
    }
    ciss = "ciss"
    ids["m1"] = add_application(
        schools["m1"],
        ciss,
        [
            ("applied", 100),
            ("implementing", 90),
            ("self_assessment", 60),
            ("submitted", 50),
            ("under_review", 40),
            ("visit_scheduled", 30),
            ("certified", 10),
        ],
        level="foundation",
        deadline_days_ago=20,
    )
    ids["m2"] = add_application(
        schools["m2"], ciss, [("applied", 80), ("implementing", 76), ("self_assessment", 16), ("submitted", 12)]
    )
    ids["m3"] = add_application(schools["m3"], ciss, [("applied", 200), ("implementing", 190)])
    ids["m4"] = add_application(schools["m4"], ciss, [("applied", 5)])
    ids["m5"] = add_application(schools["m5"], ciss, [("applied", 300), ("declined", 270)], open_=False)
    ids["m6"] = add_application(
        schools["m6"],
        ciss,
        [("applied", 70), ("implementing", 65), ("self_assessment", 45), ("submitted", 40), ("under_review", 30)],
    )
    ids["m1-label"] = add_application(schools["m1"], "esafety-label", [("registered", 20), ("self_assessment", 18)])
    ids["u1"] = add_application(
        schools["u1"],
        ciss,
        [
            ("applied", 60),
            ("implementing", 50),
            ("self_assessment", 40),
            ("submitted", 30),
            ("under_review", 25),
            ("visit_scheduled", 20),
            ("certified", 5),
        ],
        level="exemplary",
        deadline_days_ago=10,
    )
    ids["u2"] = add_application(
        schools["u2"], ciss, [("applied", 150), ("implementing", 140), ("self_assessment", 120), ("submitted", 100)]
    )
    ids.update({f"school_{key}": value for key, value in schools.items()})
    return ids
