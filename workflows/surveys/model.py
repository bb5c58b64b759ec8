"""The values of a survey instrument. An instrument is versioned like a framework: a window records the version it
was opened with, so a new version never changes the answers already collected."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from ..texts import EMPTY_TEXT, Text

#: Pupils in three age bands, parents, and the school's staff: the audiences a window may be opened for.
PUPIL_AUDIENCES = ("pupils_9_11", "pupils_12_14", "pupils_15_18")
AUDIENCES = (*PUPIL_AUDIENCES, "parents", "staff")
#: Names a requirement may use for a group of audiences.
AUDIENCE_GROUPS = {"pupils": PUPIL_AUDIENCES, "parents": ("parents",), "staff": ("staff",)}


@dataclass(frozen=True)
class Question:
    """One statement respondents rate on the instrument's scale; ``criteria`` are framework criterion codes."""

    code: str
    text: Text
    audiences: tuple[str, ...]
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Requirement:
    """A programme that requires a survey: at least ``min_responses`` from ``group`` within ``months``."""

    group: str
    min_responses: int
    months: int

    @property
    def audiences(self) -> tuple[str, ...]:
        return AUDIENCE_GROUPS[self.group]


@dataclass(frozen=True, eq=False)
class Instrument:
    programme: str
    version: int
    file: str
    scale: Mapping[int, Text]  # answer value -> its label, lowest first (the framework's levels)
    questions: tuple[Question, ...]
    threshold: int = 10  # fewest responses whose results are shown (never below 5: small_numbers)
    free_text: Text = EMPTY_TEXT  # the optional free-text question, empty: none
    requirement: Requirement | None = None
    _by_code: dict[str, Question] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update({q.code: q for q in self.questions})

    def __repr__(self) -> str:
        return f"<Instrument {self.programme} v{self.version}>"

    def question(self, code: str) -> Question | None:
        return self._by_code.get(code)

    def questions_for(self, audience: str) -> list[Question]:
        return [q for q in self.questions if audience in q.audiences]

    @property
    def audiences(self) -> list[str]:
        used = {a for q in self.questions for a in q.audiences}
        return [a for a in AUDIENCES if a in used]

    @property
    def values(self) -> list[int]:
        return sorted(self.scale)

    def criteria(self) -> list[str]:
        """Every criterion code some question is linked to, in the order of first use."""
        return list(dict.fromkeys(c for q in self.questions for c in q.criteria))


class Instruments:
    """Every loaded instrument version, by programme code."""

    def __init__(self, instruments: list[Instrument] | tuple[Instrument, ...] = ()) -> None:
        self._versions: dict[str, dict[int, Instrument]] = {}
        for instrument in instruments:
            self._versions.setdefault(instrument.programme, {})[instrument.version] = instrument

    def __contains__(self, programme: object) -> bool:
        return programme in self._versions

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._versions))

    def latest(self, programme: str) -> Instrument | None:
        versions = self._versions.get(programme)
        return versions[max(versions)] if versions else None

    def get(self, programme: str, version: int) -> Instrument | None:
        return self._versions.get(programme, {}).get(version)
