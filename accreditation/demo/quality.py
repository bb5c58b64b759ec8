"""The demo's assessor quality: the coordinator's calibration exercise on the sample shipped with the eSafety Label
(``workflows/frameworks/calibration/``), judged by both demo assessors, so the quality page has results to show.

Created once (matched by its sample and coordinator); through the same operations as the pages. Flushes only.
"""

from __future__ import annotations

from sqlalchemy import select

from accreditation.assessor_quality import samples
from accreditation.assessor_quality.calibration import create_exercise, framework_of, submit_judgments
from accreditation.extensions import db
from accreditation.models import CalibrationExercise, User

SAMPLE = "esafety-label-sample-1"
TITLE = "Autumn calibration: the sample secondary school"
# Each assessor's judgment: the level the school claimed, shifted in turn by these offsets (cycled over the
# criteria); the second assessor is stricter on a few criteria.
OFFSETS = ((0, 0, 0, -1), (0, -1, 0, -1, 0, 0))


def load_calibration(coordinator: User, assessors: list[User]) -> bool:
    """The exercise, judged by ``assessors``; False when the coordinator already has one on the sample (or the
    sample is not shipped)."""
    sample = samples.shipped().get(SAMPLE)
    existing = select(CalibrationExercise.id).where(
        CalibrationExercise.sample_code == SAMPLE, CalibrationExercise.created_by_id == coordinator.id
    )
    if sample is None or db.session.scalar(existing.limit(1)) is not None:
        return False
    exercise = create_exercise(coordinator, TITLE, None, [a.id for a in assessors], SAMPLE)
    framework = framework_of(exercise)
    for assessor, offsets in zip(assessors, OFFSETS, strict=False):
        levels = {}
        for index, criterion in enumerate(framework.criteria):
            claimed = sample.answers[criterion.code].level + offsets[index % len(offsets)]
            levels[criterion.code] = min(framework.highest, max(framework.lowest, claimed))
        submit_judgments(exercise.id, assessor, levels)
    return True
