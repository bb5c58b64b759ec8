"""How a programme watches its assessors (the ``assessor_quality`` section of a programme file): how many
moderated or shadowed assessments make a new assessor accredited, which share of decisions a second accredited
assessor re-reads before the school is told, and whether every assessor's first decision is re-read.

```yaml
assessor_quality:
  training_assessments: 2        # moderated or shadowed assessments before an assessor is accredited (0: no path)
  moderation_share: 0.1          # share of decisions re-read by a second accredited assessor (0 to 1)
  moderate_first_decisions: true # every assessor's first decision in the programme is re-read
```

Without the section nothing is held and every assessor counts as accredited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .yaml_fields import Fields, is_flag, is_share, is_whole

KEY = "assessor_quality"


@dataclass(frozen=True)
class AssessorQuality:
    training_assessments: int = 0
    moderation_share: float = 0.0
    moderate_first_decisions: bool = False

    @property
    def has_training(self) -> bool:
        return self.training_assessments > 0

    @property
    def samples(self) -> bool:
        return self.moderation_share > 0 or self.moderate_first_decisions


NONE = AssessorQuality()


def parse_assessor_quality(fields: Fields, data: Any) -> AssessorQuality:
    """The section's settings (none: ``data`` is None); each wrong field is reported and replaced by its default."""
    if data is None:
        return NONE
    body = fields.mapping(data, KEY)
    if body is None:
        return NONE
    fields.allowed(body, KEY, (), ("training_assessments", "moderation_share", "moderate_first_decisions"))
    return AssessorQuality(
        training_assessments=fields.get(body, "training_assessments", KEY, is_whole, 0),
        moderation_share=float(fields.get(body, "moderation_share", KEY, is_share, 0.0)),
        moderate_first_decisions=fields.get(body, "moderate_first_decisions", KEY, is_flag, False),
    )
