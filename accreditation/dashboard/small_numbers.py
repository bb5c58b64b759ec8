"""Small numbers: a figure made up of fewer than a threshold of people, schools or incidents is never shown.

Every anonymous aggregate (survey results, incident counts, the regional index, assessor feedback) goes through these
functions, so the rule and its threshold are applied in one place. A suppressed figure is ``None``; the page and the
export write "fewer than N" for it, never 0.

``suppress_row`` also hides a second cell when only one cell of a row would be hidden while the row's total is shown:
otherwise the hidden cell could be worked out by subtraction.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

#: The floor below which no programme may set its threshold.
ABSOLUTE_MINIMUM = 5

K = TypeVar("K", bound=Hashable)


def threshold_or_floor(threshold: int | None, default: int = ABSOLUTE_MINIMUM) -> int:
    """The threshold a programme asked for, never below the absolute minimum."""
    return max(ABSOLUTE_MINIMUM, threshold if threshold is not None else default)


def shown(count: int, threshold: int = ABSOLUTE_MINIMUM) -> int | None:
    """``count`` when it may be shown, else ``None``. A count of 0 is shown: it reveals no one."""
    return count if count == 0 or count >= threshold else None


def suppress_row(cells: Mapping[K, int], threshold: int = ABSOLUTE_MINIMUM) -> dict[K, int | None]:
    """The row's cells with small ones hidden, plus the next smallest when exactly one would be hidden."""
    result: dict[K, int | None] = {key: shown(count, threshold) for key, count in cells.items()}
    hidden = [key for key, value in result.items() if value is None]
    if len(hidden) == 1:
        candidates = sorted((count, str(key), key) for key, count in cells.items() if result[key] not in (None, 0))
        if candidates:
            result[candidates[0][2]] = None
    return result
