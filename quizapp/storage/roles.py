"""The school database's two logins: a teacher's and a shared student's (PostgreSQL).

:func:`grant_roles` (``quizapp db roles``, run with an administrator's URL) creates or
updates the login roles ``<prefix>_teacher`` and ``<prefix>_student`` and gives them, in
the URL's schema:

- the teacher: reading and writing every table (the app's teacher side: hosting, the desk,
  classes, reports), under a row-level security policy that lets the teacher see every
  row;
- a student: reading ``meta`` (the schema version) and the public columns of
  ``live_session`` (not ``questions``, the answer key, nor ``spec``), and calling the seat
  functions of :mod:`quizapp.storage.live_sql` and the homework key functions of
  :mod:`quizapp.storage.homework_sql`. Nothing else: no table of students, answers,
  attempts, assignments, keys, classes or the teacher password, no write to any table.

Row-level security is enabled on every table: a role with no policy on a table (the
student, on every table but two) reads no row of it even if a privilege were granted by
mistake later. Tables created by a later version need the command run again (it is
idempotent). See ``docs/security.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from quizapp.storage.engine import write_tx
from quizapp.storage.homework_sql import FUNCTIONS as HOMEWORK_FUNCTIONS
from quizapp.storage.live_sql import FUNCTIONS
from quizapp.storage.migrations import ALL_TABLES
from quizapp.storage.seats import PUBLIC_COLUMNS

#: A role-name prefix: lower-case letters, digits and ``_``, starting with a letter.
PREFIX_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")
#: The tables a student's login may read (rows and columns further limited).
STUDENT_TABLES = ("meta", "live_session")


@dataclass(frozen=True)
class RolesDone:
    """What :func:`grant_roles` did: the two roles (``created``: new, else updated), the
    database and schema they were given."""

    teacher: str
    student: str
    created: tuple[str, ...]
    database: str
    schema: str


def role_names(prefix: str) -> tuple[str, str]:
    """``(teacher, student)`` role names for ``prefix`` (``ValueError`` for a bad one)."""
    if not PREFIX_RE.fullmatch(prefix):
        raise ValueError(prefix)
    return f"{prefix}_teacher", f"{prefix}_student"


def _ident(conn: Connection, name: str) -> str:
    return str(conn.execute(text("SELECT quote_ident(:n)"), {"n": name}).scalar_one())


def _login_role(conn: Connection, role: str, password: str) -> bool:
    """Create the login role, or set its password; ``True`` if it was created. The
    password travels as a bound value (``format(%L)`` on the server quotes it)."""
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                          {"r": role}).first() is not None
    conn.execute(text("SELECT set_config('quizapp.role_name', :r, true), "
                      "set_config('quizapp.role_password', :p, true)"),
                 {"r": role, "p": password})
    verb = "ALTER" if exists else "CREATE"
    conn.execute(text(
        "DO $do$ BEGIN EXECUTE format('" + verb + " ROLE %I LOGIN NOSUPERUSER NOCREATEDB "
        "NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', "
        "current_setting('quizapp.role_name'), current_setting('quizapp.role_password')); "
        "END $do$"))
    conn.execute(text("SELECT set_config('quizapp.role_password', '', true)"))
    return not exists


def grant_roles(engine: Engine, *, prefix: str, teacher_password: str,
                student_password: str) -> RolesDone:
    """Create or update the two roles and their rights in the engine's current schema (the
    schema must be the current version: open a :class:`~quizapp.storage.Store` first).
    One transaction: on any error nothing changes."""
    teacher_name, student_name = role_names(prefix)
    with write_tx(engine) as conn:
        created = tuple(role for role, password in ((teacher_name, teacher_password),
                                                    (student_name, student_password))
                        if _login_role(conn, role, password))
        database = str(conn.execute(text("SELECT current_database()")).scalar_one())
        schema = str(conn.execute(text("SELECT current_schema()")).scalar_one())
        teacher, student = _ident(conn, teacher_name), _ident(conn, student_name)
        db, sch = _ident(conn, database), _ident(conn, schema)
        run = conn.exec_driver_sql
        run(f"GRANT CONNECT ON DATABASE {db} TO {teacher}, {student}")
        run(f"GRANT USAGE ON SCHEMA {sch} TO {teacher}, {student}")
        # quizapp's own tables only (a school database may hold other things too)
        for table in ALL_TABLES:
            name = f"{sch}.{_ident(conn, table.name)}"
            # the teacher: every table, through a policy that shows every row
            run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {name} TO {teacher}")
            # a student: nothing but what is granted below (column rights go with the
            # table's)
            run(f"REVOKE ALL ON {name} FROM {student}")
            if "id" in table.c:
                sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"),
                                        {"t": name}).scalar()
                if sequence:
                    run(f"GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {teacher}")
                    run(f"REVOKE ALL ON SEQUENCE {sequence} FROM {student}")
        run(f"GRANT SELECT ON {sch}.meta TO {student}")
        columns = ", ".join(_ident(conn, c.name) for c in PUBLIC_COLUMNS)
        run(f"GRANT SELECT ({columns}) ON {sch}.live_session TO {student}")
        for function in (*FUNCTIONS, *HOMEWORK_FUNCTIONS):
            run(f"GRANT EXECUTE ON FUNCTION {sch}.{function} TO {teacher}, {student}")
        for table in ALL_TABLES:
            name = f"{sch}.{_ident(conn, table.name)}"
            run(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
            policy = _ident(conn, f"{prefix}_teacher_all")
            run(f"DROP POLICY IF EXISTS {policy} ON {name}")
            run(f"CREATE POLICY {policy} ON {name} TO {teacher} USING (true) WITH CHECK (true)")
            policy = _ident(conn, f"{prefix}_student_read")
            run(f"DROP POLICY IF EXISTS {policy} ON {name}")
            if table.name in STUDENT_TABLES:
                run(f"CREATE POLICY {policy} ON {name} FOR SELECT TO {student} USING (true)")
    return RolesDone(teacher_name, student_name, created, database, schema)


def drop_roles(engine: Engine, prefix: str) -> None:
    """Take the two roles out again (their rights in this database, then the roles)."""
    with write_tx(engine) as conn:
        for role in role_names(prefix):
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                            {"r": role}).first() is None:
                continue
            name = _ident(conn, role)
            conn.exec_driver_sql(f"DROP OWNED BY {name}")
            conn.exec_driver_sql(f"DROP ROLE {name}")
