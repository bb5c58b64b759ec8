"""The regional index's nightly refresh (beat, ``refresh-regional-index``): the stored counts are recomputed ahead
of the readers, so no dashboard request or report waits for a large country's aggregation."""

from __future__ import annotations

from celery import shared_task

from accreditation.models.time import utcnow
from accreditation.regional_index.nightly import refresh_all


@shared_task
def refresh_regional_index() -> int:
    """How many counts were refreshed (this year's and last year's, every programme and country)."""
    return refresh_all(utcnow().year)
