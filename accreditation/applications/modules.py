"""The modules a school puts in place in a programme (the five CISS modules), by framework.

Kept here, in one place, until the frameworks arrive as data files (issue 4); then ``modules_of`` reads them.
The texts are our own words.
"""

from __future__ import annotations

from dataclasses import dataclass

from workflows import Programme


@dataclass(frozen=True)
class Module:
    code: str
    title: str
    description: str


FRAMEWORK_MODULES: dict[str, tuple[Module, ...]] = {
    "ciss-modules": (
        Module("policy", "Online-safety policy", "The school has adopted, published and explained its policy."),
        Module(
            "staff", "Staff training", "Teachers and staff have been trained to prevent and respond to harm online."
        ),
        Module("pupils", "Pupils' learning", "Pupils learn to use the internet safely, critically and respectfully."),
        Module("parents", "Parents and carers", "Families have been informed and involved in the school's approach."),
        Module(
            "reporting", "Reporting and response", "Pupils and staff know how to report harm, and reports are acted on."
        ),
    ),
}


def modules_of(programme: Programme) -> tuple[Module, ...]:
    """The modules of ``programme``'s framework, in order; empty when it has none."""
    return FRAMEWORK_MODULES.get(programme.definition.framework or "", ())


def module_of(programme: Programme, code: str) -> Module | None:
    return next((module for module in modules_of(programme) if module.code == code), None)
