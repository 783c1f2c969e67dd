"""The teacher password on the command line: asked for (input hidden) before a teacher's
command does anything; set on the spot when the database has none yet."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

import click

from quizapp.cli.base import CliError


def read_secret(prompt: str) -> str:
    """A password: typed unseen at a terminal, or read as one line from a pipe (without
    getpass's warnings about echo, which are not ours to show). Raises :class:`EOFError` when
    there is nothing to read."""
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        return str(click.prompt(prompt, hide_input=True, default="", show_default=False,
                                err=True, prompt_suffix=""))
    click.echo(prompt, err=True, nl=False)
    line = stdin.readline() if stdin is not None else ""
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def ask_password(key: str) -> str:
    from quizapp.i18n import t

    try:
        return read_secret(t(key) + t("prompt.suffix"))
    except (click.Abort, EOFError):
        raise CliError(t("teacher.password_no_input")) from None


def choose_new_password() -> str:
    """A new password, typed twice and checked."""
    from quizapp.i18n import t
    from quizapp.services.teacher_auth import problem_with

    password = ask_password("teacher.password_new")
    problem = problem_with(password)
    if problem is not None:
        raise CliError(t(problem))
    if ask_password("teacher.password_again") != password:
        raise CliError(t("teacher.password_mismatch"))
    return password


def require_teacher(store: Any) -> None:
    """Ask for the teacher password (or, with none set yet, have one chosen); a wrong one
    is a :class:`CliError` before anything is done."""
    from quizapp.i18n import t
    from quizapp.services.teacher_auth import TeacherGate
    from quizapp.storage import StorageError
    from quizapp.untrusted import visible

    gate = TeacherGate(store.teachers)
    try:
        given = gate.check_given()
        if given is not None:
            if not given:
                raise CliError(t("teacher.password_wrong_env"))
            return
        if gate.needs_setting():
            click.echo(t("teacher.password_first"), err=True)
            if not gate.set_first(choose_new_password()):
                raise CliError(t("teacher.password_raced"))
            click.echo(t("teacher.password_set"), err=True)
            return
        if not gate.check(ask_password("teacher.password_prompt")):
            raise CliError(t("teacher.password_wrong"))
    except StorageError as exc:
        raise CliError(t("cli.error", message=visible(str(exc)))) from None


@contextlib.contextmanager
def teacher_store(db: str | None, *, create: bool = False, ask: bool = True) -> Iterator[Any]:
    """The score database for a teacher's command: the teacher password asked for first
    (``ask=False``: the command asks itself, once it has checked its arguments); a storage
    error becomes a :class:`CliError`; closed afterwards."""
    from quizapp import paths
    from quizapp.i18n import t
    from quizapp.storage import StorageError, Store
    from quizapp.untrusted import visible

    try:
        store = Store.open(paths.db_url(db), create=create)
    except StorageError as exc:
        raise CliError(t("cli.error", message=visible(str(exc)))) from None
    try:
        if ask:
            require_teacher(store)
        yield store
    except StorageError as exc:
        raise CliError(t("cli.error", message=visible(str(exc)))) from None
    finally:
        store.close()
