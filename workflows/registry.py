"""The guards, actions and decision operations the application provides, looked up by the names used in
programme files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal

Guard = Callable[[Any], Iterable[str]]


class Reason(str):
    """A guard's reason: the sentence a person reads, carrying ``code``, the name of the guard that gave it, for a
    program to test."""

    code: str

    def __new__(cls, text: str, code: str) -> Reason:
        reason = super().__new__(cls, text)
        reason.code = code
        return reason

    def __reduce__(self) -> tuple:
        return (Reason, (str.__str__(self), self.code))


class Registry:
    """Named guards (``fn(context) -> reasons``), named actions and named decision operations, registered by the
    application."""

    def __init__(self) -> None:
        self._guards: dict[str, Guard] = {}
        self._actions: dict[str, Any] = {}
        self._decisions: dict[str, Any] = {}

    def guard(self, name: str) -> Callable[[Guard], Guard]:
        """Register ``fn(context) -> Iterable[str]`` as guard ``name``; each string is an actionable reason."""

        def register(fn: Guard) -> Guard:
            if name in self._guards:
                raise ValueError(f"guard {name!r} is already registered")
            self._guards[name] = fn
            return fn

        return register

    def action(self, name: str) -> Callable[[Any], Any]:
        """Register ``fn`` as action ``name``; the engine only needs the name, the application runs it."""

        def register(fn: Any) -> Any:
            if name in self._actions:
                raise ValueError(f"action {name!r} is already registered")
            self._actions[name] = fn
            return fn

        return register

    def decision(self, name: str) -> Callable[[Any], Any]:
        """Register ``fn`` as the operation of decision ``name``: the only caller that may fire its events."""

        def register(fn: Any) -> Any:
            if name in self._decisions:
                raise ValueError(f"decision {name!r} is already registered")
            self._decisions[name] = fn
            return fn

        return register

    def register_each(self, kind: Literal["guard", "action", "decision"], names: Iterable[str], functions) -> None:
        """Register ``functions[name]`` as the ``kind`` called ``name``, for every name programme files may use
        (``workflows.names``); RuntimeError naming those without a function."""
        names = list(names)
        missing = sorted(set(names) - set(functions))
        if missing:
            raise RuntimeError(f"{kind}s without a function: {', '.join(missing)}")
        register = getattr(self, kind)
        for name in names:
            register(name)(functions[name])

    def has_decision(self, name: str) -> bool:
        return name in self._decisions

    def decision_for(self, name: str) -> Any:
        """The operation registered as decision ``name`` (KeyError if none)."""
        return self._decisions[name]

    def has_guard(self, name: str) -> bool:
        return name in self._guards

    def has_action(self, name: str) -> bool:
        return name in self._actions

    def action_for(self, name: str) -> Any:
        """The object registered as action ``name`` (KeyError if none)."""
        return self._actions[name]

    @property
    def guard_names(self) -> frozenset[str]:
        return frozenset(self._guards)

    @property
    def action_names(self) -> frozenset[str]:
        return frozenset(self._actions)

    @property
    def decision_names(self) -> frozenset[str]:
        return frozenset(self._decisions)

    def check_guards(self, names: Iterable[str], context: Any) -> list[Reason]:
        """Evaluate every named guard (no short-circuit) and return all their reasons, in order, each with the
        guard's name as its ``code``."""
        reasons: list[str] = []
        for name in names:
            try:
                guard = self._guards[name]
            except KeyError:
                raise KeyError(f"guard {name!r} is not registered") from None
            result = guard(context)
            if result is None:
                continue
            if isinstance(result, str):
                reasons.append(Reason(result, name))
            else:
                reasons.extend(Reason(str(reason), name) for reason in result)
        return reasons
