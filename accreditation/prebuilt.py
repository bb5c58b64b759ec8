"""Statements built once and run on every request or transition (the signed-in person's read, fire()'s read and
write, the modules guard's read; issue 27).

On PostgreSQL a ``Prebuilt`` statement is compiled once and run on a driver cursor of the session's connection
through ``Connection._cursor_execute``: the engine's cursor events (the transaction's "it wrote" mark, the tests'
statement counts), its logging and SQLAlchemy's handling of driver errors (wrapped as ``DBAPIError``; a dropped
connection invalidates the pool) stay as they are. What it skips is the rest of SQLAlchemy's execution of a compiled
statement: the compiled cache's lookup, the execution context and the result's metadata, built from psycopg's column
descriptions on every execution (0.46 M instructions of the person's read alone, an eighth of a transition).
``_cursor_execute`` is SQLAlchemy's own path for its special-case executions, private: the tests run both paths on
every prebuilt statement and compare their rows (tests/web/test_prebuilt.py), and pyproject.toml bounds the version.

Elsewhere (SQLite, where the driver is in-process and the cost is the database's own) the statement runs through
``Connection.execute``. Either way the rows come back as plain tuples, in the statement's column order, with the
column types' result processing applied; bound values get their types' processing (JSON, time zones) first."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.expression import Select

Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    construct: Callable[..., dict[str, Any]]  # the compiled statement's construct_params
    binds: tuple[tuple[str, Processor], ...]  # (name in the SQL, its type's processor), for the types that have one
    results: tuple[Processor | None, ...] | None  # one per column; None when no column needs one


class Prebuilt:
    """A statement (a ``select``, possibly with data-modifying CTEs) to run as rows of plain tuples."""

    __slots__ = ("statement", "_compiled")

    def __init__(self, statement: Select) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}  # by PostgreSQL driver (psycopg: one per process)

    def rows(self, connection: Connection, parameters: Mapping[str, Any]) -> list[tuple]:
        """The statement's rows with ``parameters`` bound, in ``connection``'s transaction."""
        if connection.dialect.name != "postgresql":
            return [tuple(row) for row in connection.execute(self.statement, parameters)]
        compiled = self._compiled.get(connection.dialect.driver) or self._compile(connection.dialect)
        values = compiled.construct(parameters)
        for name, process in compiled.binds:
            values[name] = process(values[name])
        cursor = connection.connection.cursor()
        try:
            connection._cursor_execute(cursor, compiled.sql, values)  # noqa: SLF001 (see the module's docstring)
            rows = cursor.fetchall()
        finally:
            cursor.close()
        if compiled.results is None:
            return rows
        processors = compiled.results
        return [tuple(v if p is None else p(v) for p, v in zip(processors, row, strict=True)) for row in rows]

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect)
        binds: dict[str, Processor] = {}  # by name: one value however many places it is bound in
        for bind, name in compiled.bind_names.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                binds[compiled.escaped_bind_names.get(name, name)] = process
        results = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in self.statement.selected_columns
        )
        self._compiled[dialect.driver] = _Compiled(
            sql=compiled.string,
            construct=compiled.construct_params,
            binds=tuple(binds.items()),
            results=results if any(results) else None,
        )
        return self._compiled[dialect.driver]
