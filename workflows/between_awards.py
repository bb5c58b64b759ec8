"""What a programme asks of a school between its award and the renewal (the ``between_awards`` section of a
programme file): the staff training it counts, the courses it lists, and the criteria whose evidence is the
training register's coverage.

```yaml
between_awards:
  training:
    window_months: 24            # a training counts this long after it was completed
    courses:
      - code: online-safety-basics
        title: {en: ..., ru: ..., uk: ..., ro: ..., be: ...}
    thresholds:                  # a criterion's evidence computed from the register
      - criterion: staff_training
        role: teacher            # teacher, support, governor or leadership
        share: 0.8               # at least 80 % of the school's people in that role trained within the window
```
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from .problems import Problem
from .texts import Text
from .yaml_fields import Fields, is_flag, is_positive, is_share, is_text, is_whole, one_of

# The roles a person in the training register holds (the school's staff, not the application's roles).
STAFF_ROLES: tuple[str, ...] = ("teacher", "support", "governor", "leadership")
COURSE_CODE = re.compile(r"^[a-z][a-z0-9_-]*$")
COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Course:
    code: str
    title: Text


@dataclass(frozen=True)
class CoverageThreshold:
    """``criterion`` is met when at least ``share`` of the school's ``role`` people were trained within the window."""

    criterion: str
    role: str
    share: float


@dataclass(frozen=True)
class Training:
    window_months: int = 24
    courses: tuple[Course, ...] = ()
    thresholds: tuple[CoverageThreshold, ...] = ()

    def course(self, code: str) -> Course | None:
        return next((course for course in self.courses if course.code == code), None)

    def threshold(self, criterion: str) -> CoverageThreshold | None:
        return next((item for item in self.thresholds if item.criterion == criterion), None)


# Who may be named as involved in an incident: by role only, never by name.
INVOLVED_ROLES: tuple[str, ...] = ("pupil", "staff", "parent", "other")
ANY_COUNTRY = "*"


@dataclass(frozen=True)
class Choice:
    """A coded item of a programme's list shown to people: a category, a referral route."""

    code: str
    title: Text


@dataclass(frozen=True)
class Incidents:
    """The incident log's fixed categories, and the referral routes per country (``*``: any other country)."""

    categories: tuple[Choice, ...] = ()
    referral_routes: dict[str, tuple[Choice, ...]] | None = None

    def category(self, code: str) -> Choice | None:
        return next((item for item in self.categories if item.code == code), None)

    def routes_for(self, country: str) -> tuple[Choice, ...]:
        routes = self.referral_routes or {}
        return routes.get(country, routes.get(ANY_COUNTRY, ()))

    def route(self, country: str, code: str) -> Choice | None:
        return next((item for item in self.routes_for(country) if item.code == code), None)


DUTY_PERIODS: tuple[str, ...] = ("year", "term", "school_year")


@dataclass(frozen=True)
class Duty:
    """A recurring duty of the compliance calendar: once per school year (due at its end), per term (due at each
    term's end) or at the start of each school year (``school_year``: due a month after it starts)."""

    code: str
    title: Text
    every: str
    remind_before_days: int = 14
    escalate_after_days: int = 14


@dataclass(frozen=True)
class HealthCheck:
    """A yearly re-confirmation between the award and the renewal; a school in good standing (every duty done,
    every training threshold met, no criterion's level dropped) renews with a desk review when
    ``desk_review_renewal`` is set."""

    every_months: int = 12
    desk_review_renewal: bool = False


@dataclass(frozen=True)
class BetweenAwards:
    training: Training | None = None
    incidents: Incidents | None = None
    duties: tuple[Duty, ...] = ()
    health_check: HealthCheck | None = None

    def duty(self, code: str) -> Duty | None:
        return next((item for item in self.duties if item.code == code), None)


def parse_between_awards(fields: Fields, data: Any, key: str = "between_awards") -> BetweenAwards | None:
    """The section's definition; every wrong field is reported through ``fields`` and left out."""
    body = fields.mapping(data, key)
    if body is None:
        return None
    fields.allowed(body, key, (), ("training", "incidents", "duties", "health_check"))
    training = _training(fields, body["training"], f"{key}.training") if "training" in body else None
    incidents = _incidents(fields, body["incidents"], f"{key}.incidents") if "incidents" in body else None
    duties = _duties(fields, body.get("duties", []), f"{key}.duties")
    health = None
    if "health_check" in body and (check := fields.mapping(body["health_check"], f"{key}.health_check")) is not None:
        fields.allowed(check, f"{key}.health_check", (), ("every_months", "desk_review_renewal"))
        health = HealthCheck(
            fields.get(check, "every_months", f"{key}.health_check", is_positive, 12),
            fields.get(check, "desk_review_renewal", f"{key}.health_check", is_flag, False),
        )
    return BetweenAwards(training=training, incidents=incidents, duties=duties, health_check=health)


def _duties(fields: Fields, data: Any, key: str) -> tuple[Duty, ...]:
    found: list[Duty] = []
    for index, item in enumerate(fields.value(data, key, _is_list, [])):
        where = f"{key}[{index}]"
        body = fields.mapping(item, where)
        if body is None:
            continue
        fields.allowed(body, where, ("code", "title", "every"), ("remind_before_days", "escalate_after_days"))
        code = fields.get(body, "code", where, _is_course_code, "")
        every = fields.get(body, "every", where, one_of(DUTY_PERIODS), "")
        if code and any(known.code == code for known in found):
            fields.problem(f"{where}.code", f"repeats the duty {code!r}")
        elif code and every:
            found.append(
                Duty(
                    code,
                    fields.optional_text(body, "title", where, code),
                    every,
                    fields.get(body, "remind_before_days", where, is_whole, 14),
                    fields.get(body, "escalate_after_days", where, is_whole, 14),
                )
            )
    return tuple(found)


def _choices(fields: Fields, data: Any, key: str) -> tuple[Choice, ...]:
    """A list of ``{code, title}``; a repeated code is reported."""
    found: list[Choice] = []
    for index, item in enumerate(fields.value(data, key, _is_list, [])):
        where = f"{key}[{index}]"
        body = fields.mapping(item, where)
        if body is None:
            continue
        fields.allowed(body, where, ("code", "title"))
        code = fields.get(body, "code", where, _is_course_code, "")
        if code and any(known.code == code for known in found):
            fields.problem(f"{where}.code", f"repeats the code {code!r}")
        elif code:
            found.append(Choice(code, fields.optional_text(body, "title", where, code)))
    return tuple(found)


def _incidents(fields: Fields, data: Any, key: str) -> Incidents | None:
    body = fields.mapping(data, key)
    if body is None:
        return None
    fields.allowed(body, key, ("categories",), ("referral_routes",))
    categories = _choices(fields, body.get("categories", []), f"{key}.categories")
    if not categories and "categories" in body:
        fields.problem(f"{key}.categories", "must name at least one category")
    routes: dict[str, tuple[Choice, ...]] = {}
    section = fields.mapping(body.get("referral_routes", {}), f"{key}.referral_routes")
    for country, items in (section or {}).items():
        if country != ANY_COUNTRY and not (isinstance(country, str) and COUNTRY.match(country)):
            fields.problem(f"{key}.referral_routes.{country}", "is not a country code such as MD, or *")
            continue
        routes[country] = _choices(fields, items, f"{key}.referral_routes.{country}")
    return Incidents(categories=categories, referral_routes=routes)


def _training(fields: Fields, data: Any, key: str) -> Training | None:
    body = fields.mapping(data, key)
    if body is None:
        return None
    fields.allowed(body, key, ("window_months",), ("courses", "thresholds"))
    courses: list[Course] = []
    for index, item in enumerate(fields.get(body, "courses", key, _is_list, [])):
        where = f"{key}.courses[{index}]"
        course = fields.mapping(item, where)
        if course is None:
            continue
        fields.allowed(course, where, ("code", "title"))
        code = fields.get(course, "code", where, _is_course_code, "")
        if code and any(known.code == code for known in courses):
            fields.problem(f"{where}.code", f"repeats the course {code!r}")
        elif code:
            courses.append(Course(code, fields.optional_text(course, "title", where, code)))
    thresholds: list[CoverageThreshold] = []
    for index, item in enumerate(fields.get(body, "thresholds", key, _is_list, [])):
        where = f"{key}.thresholds[{index}]"
        threshold = fields.mapping(item, where)
        if threshold is None:
            continue
        fields.allowed(threshold, where, ("criterion", "role", "share"))
        criterion = fields.get(threshold, "criterion", where, is_text, "")
        role = fields.get(threshold, "role", where, one_of(STAFF_ROLES), "")
        share = fields.get(threshold, "share", where, is_share, None)
        if criterion and any(known.criterion == criterion for known in thresholds):
            fields.problem(f"{where}.criterion", f"repeats the criterion {criterion!r}")
        elif criterion and role and share is not None:
            thresholds.append(CoverageThreshold(criterion, role, float(share)))
    return Training(
        window_months=fields.get(body, "window_months", key, is_positive, 24),
        courses=tuple(courses),
        thresholds=tuple(thresholds),
    )


def _is_list(value: Any) -> str | None:
    return None if isinstance(value, list) else "must be a list"


def _is_course_code(value: Any) -> str | None:
    if isinstance(value, str) and COURSE_CODE.match(value):
        return None
    return f"must be a code of small letters, digits, - and _, not {value!r}"


def criteria_problems(between: BetweenAwards | None, file: str, criteria: Collection[str]) -> list[Problem]:
    """A threshold naming a criterion that the programme's framework (its ``criteria`` codes) does not have."""
    training = between.training if between else None
    return [
        Problem(file, f"between_awards.training.thresholds[{index}].criterion", f"no criterion {item.criterion!r}")
        for index, item in enumerate(training.thresholds if training else ())
        if item.criterion not in criteria
    ]
