"""PostgreSQL helpers for the storage tests: reachability, per-test schemas."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest

PG_URL = os.environ.get("QUIZAPP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

_pg_state: dict[str, str | None] = {}


def _pg_problem() -> str | None:
    """``None`` when PostgreSQL answers, else why not (checked once per run)."""
    if "problem" not in _pg_state:
        try:
            import psycopg

            with psycopg.connect(_libpq_url(PG_URL), connect_timeout=3) as conn:
                conn.execute("SELECT 1")
            _pg_state["problem"] = None
        except Exception as exc:  # any failure means "not reachable" here; reported below
            _pg_state["problem"] = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return _pg_state["problem"]


def _libpq_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def require_pg() -> None:
    problem = _pg_problem()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL unreachable at {PG_URL} with CI=true: {problem}")
    pytest.skip(f"PostgreSQL unreachable at {PG_URL}: {problem}")


def pg_schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def pg_execute(sql: str) -> None:
    import psycopg

    with psycopg.connect(_libpq_url(PG_URL), autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def fresh_schema_url() -> Iterator[str]:
    """A URL to a new, empty schema (PostgreSQL required), dropped afterwards."""
    require_pg()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    pg_execute(f"CREATE SCHEMA {schema}")
    try:
        yield pg_schema_url(schema)
    finally:
        pg_execute(f"DROP SCHEMA {schema} CASCADE")
