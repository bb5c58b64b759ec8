"""Problems found in programme definition files."""

from __future__ import annotations

from dataclasses import dataclass

ROOT_KEY = "<root>"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a definition file, at a dotted key such as ``events.submit.to``."""

    file: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.message}"


class DefinitionError(Exception):
    """Raised when one or more definition files are invalid; lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
