"""``quizapp db``: the school database's administration (PostgreSQL login roles)."""

from __future__ import annotations

import click

from quizapp.cli.base import CliError, UsageFailure, lang_option


@click.group("db", short_help="The school database: its login roles.")
@lang_option
def db() -> None:
    """The school database, for whoever administers its PostgreSQL server.

    \b
    Example:
      quizapp db roles --db postgresql+psycopg://postgres@school/quiz
    """


def _password(given: str | None, key: str) -> str:
    from quizapp.i18n import t

    if given is not None:
        if not given:
            raise UsageFailure(t("db.empty_password"))
        return given
    from quizapp.cli.teacher_gate import read_secret

    try:
        value = read_secret(t(key) + t("prompt.suffix"))
        again = read_secret(t("db.password_again") + t("prompt.suffix"))
    except (click.Abort, EOFError):
        raise UsageFailure(t("teacher.password_no_input")) from None
    if value != again:
        raise UsageFailure(t("teacher.password_mismatch"))
    if not value:
        raise UsageFailure(t("db.empty_password"))
    return value


@db.command("roles", short_help="Create or update the teacher's and the students' logins.")
@click.option("--db", "db_url", metavar="URL", required=True,
              help="The school's PostgreSQL database, as an administrator (the schema in "
                   "its search_path, default public).")
@click.option("--prefix", default="quizapp", show_default=True, metavar="NAME",
              help="The roles are NAME_teacher and NAME_student.")
@click.option("--teacher-password", metavar="PASSWORD",
              help="The teacher role's password (default: asked).")
@click.option("--student-password", metavar="PASSWORD",
              help="The student role's password (default: asked).")
@lang_option
def roles(db_url: str, prefix: str, teacher_password: str | None,
          student_password: str | None) -> None:
    """Create (or update) two login roles on the school's PostgreSQL and what each may do:
    NAME_teacher reads and writes everything quizapp keeps; NAME_student may only join a
    live class, send its own answers and read what a student may see (no answer before it
    is revealed, nobody else's answers, no change to any score). Run it again after an
    upgrade. See docs/security.md.

    \b
    Examples:
      quizapp db roles --db postgresql+psycopg://postgres@school/quiz
      quizapp db roles --db postgresql+psycopg://postgres@school/quiz --prefix g1
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, DBAPIError

    from quizapp import paths
    from quizapp.i18n import t
    from quizapp.storage import StorageError, Store, safe_url
    from quizapp.storage.engine import first_line
    from quizapp.storage.roles import grant_roles, role_names
    from quizapp.untrusted import visible

    db_url = paths.db_url(db_url)  # a plain file path is a SQLite file
    try:
        backend = make_url(db_url).get_backend_name()
    except ArgumentError:
        backend = ""
    if backend != "postgresql":
        raise UsageFailure(t("db.roles_not_pg", db=visible(safe_url(db_url),
                                                           multiline=False)))
    try:
        teacher, student = role_names(prefix)
    except ValueError:
        raise UsageFailure(t("db.bad_prefix", prefix=visible(prefix, multiline=False))
                           ) from None
    teacher_password = _password(teacher_password, "db.ask_teacher_password")
    student_password = _password(student_password, "db.ask_student_password")
    try:
        store = Store.open(db_url)
    except StorageError as exc:
        raise CliError(t("cli.store_error", error=visible(str(exc)))) from None
    try:
        done = grant_roles(store.engine, prefix=prefix, teacher_password=teacher_password,
                           student_password=student_password)
    except DBAPIError as exc:
        raise CliError(t("db.roles_failed", error=visible(first_line(exc)))) from None
    finally:
        store.close()
    shown = make_url(db_url)
    for role, key in ((teacher, "db.role_teacher"), (student, "db.role_student")):
        verb = t("db.created") if role in done.created else t("db.updated")
        url = shown.set(username=role, password="-").render_as_string(hide_password=True)
        click.echo(visible(t(key, role=role, verb=verb, url=url)))
    click.echo(visible(t("db.roles_done", database=done.database, schema=done.schema)))
