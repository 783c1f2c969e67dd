"""``quizapp assign`` (a teacher sets, changes or withdraws homework for a class) and
``quizapp assignments`` (each student's state and score), over
:mod:`quizapp.services.assignments`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from quizapp.cli.base import CliError, lang_option

_db_option = click.option(
    "--db", metavar="URL", default=None,
    help="Database URL or SQLite file (default: QUIZAPP_DB, else the user's data folder).")


def _input_error(exc: Any) -> CliError:
    from quizapp.i18n import t
    from quizapp.untrusted import visible

    return CliError(visible(exc.message.render(t)), 2)


@click.command("assign", short_help="Set homework for a class (change, withdraw).")
@click.argument("class_name", metavar="CLASS", required=False)
@click.option("--title", default=None)
@click.option("--set", "sets", multiple=True, metavar="SET")
@click.option("--tag", "tags", multiple=True, metavar="TAG")
@click.option("--level", default=None, metavar="LEVEL")
@click.option("--count", type=int, default=None, metavar="N")
@click.option("--mode", default=None, metavar="MODE")
@click.option("--time-limit", "time_limit", type=int, default=None, metavar="MINUTES")
@click.option("--target", type=int, default=None, metavar="N")
@click.option("--opens", default=None, metavar="TIME")
@click.option("--due", default=None, metavar="TIME")
@click.option("--attempts", type=int, default=None, metavar="N")
@click.option("--unlimited", is_flag=True, default=False)
@click.option("--late/--no-late", default=None)
@click.option("--answers", default=None, metavar="WHEN")
@click.option("--change", type=int, default=None, metavar="ID")
@click.option("--withdraw", type=int, default=None, metavar="ID")
@click.option("--content", "content", multiple=True, metavar="PATH",
              type=click.Path(exists=True, file_okay=True, dir_okay=True))
@click.option("--no-builtin", is_flag=True)
@_db_option
@lang_option
def assign(class_name: str | None, title: str | None, sets: tuple[str, ...],
           tags: tuple[str, ...], level: str | None, count: int | None, mode: str | None,
           time_limit: int | None, target: int | None, opens: str | None, due: str | None,
           attempts: int | None, unlimited: bool, late: bool | None, answers: str | None,
           change: int | None, withdraw: int | None, content: tuple[str, ...],
           no_builtin: bool, db: str | None) -> None:
    """Set work for a class."""
    from quizapp.cli.base import load_content
    from quizapp.cli.teacher_gate import teacher_store
    from quizapp.i18n import t
    from quizapp.services.assignments import (
        AssignmentInputError,
        Draft,
        check,
        local_full,
        parse_time,
        question_count,
    )
    from quizapp.storage.assignments import AssignmentLocked, UnknownAssignment
    from quizapp.storage.classes import UnknownClass
    from quizapp.untrusted import visible

    if withdraw is not None:
        with teacher_store(db) as store:
            row = store.assignments.assignment(withdraw)
            if row is None:
                raise CliError(t("assign.unknown", id=withdraw))
            try:
                store.assignments.withdraw(withdraw)
            except UnknownAssignment as exc:
                raise CliError(exc.message.render(t)) from None
        click.echo(t("assign.withdrawn", id=withdraw, title=visible(row.title, multiline=False)))
        return
    if change is None and not class_name:
        raise CliError(t("assign.need_class"), 2)
    bank = load_content(content, no_builtin)
    try:
        draft = Draft(
            title=title, sets=sets or None, tags=tags or None, level=level, count=count,
            mode=mode, time_limit=time_limit, target=target,
            opens_at=None if opens is None else parse_time(opens, option="--opens"),
            due_at=None if due is None else parse_time(due, option="--due", end_of_day=True),
            attempts=attempts, answers=answers, late=late, unlimited_attempts=unlimited)
        fields_new = check(draft, bank, new=True) if change is None else None
    except AssignmentInputError as exc:
        raise _input_error(exc) from None
    with teacher_store(db) as store:
        if change is not None:
            current = store.assignments.assignment(change)
            if current is None:
                raise CliError(t("assign.unknown", id=change))
            try:
                fields = check(draft, bank, new=False, current=current)
                row = store.assignments.change(change, fields)
            except AssignmentInputError as exc:
                raise _input_error(exc) from None
            except AssignmentLocked as exc:
                raise CliError(exc.message.render(t)) from None
            click.echo(t("assign.changed", id=row.id, title=visible(row.title, multiline=False),
                         due=local_full(row.due_at)))
            return
        assert class_name is not None and fields_new is not None
        if "opens_at" not in fields_new:  # it opens now, by the database's clock
            now = store.assignments.now()
            if fields_new["due_at"] <= now:
                raise CliError(t("assign.due_before_opens", due=local_full(fields_new["due_at"]),
                                 opens=local_full(now)), 2)
        try:
            row = store.assignments.create(" ".join(class_name.split()), fields_new)
        except UnknownClass as exc:
            raise CliError(visible(exc.message.render(t))) from None
    click.echo(t("assign.created", id=row.id, cls=visible(row.class_name, multiline=False),
                 title=visible(row.title, multiline=False), count=question_count(row, bank),
                 opens=local_full(row.opens_at), due=local_full(row.due_at)))


@click.command("assignments", short_help="Homework and who has done it.")
@click.option("--class", "class_name", default=None, metavar="CLASS")
@click.option("--student", default=None, metavar="NAME")
@click.option("--assignment", "assignment_id", type=int, default=None, metavar="ID")
@click.option("--format", "fmt", type=click.Choice(("table", "json", "csv", "xlsx")),
              default=None)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--content", "content", multiple=True, metavar="PATH",
              type=click.Path(exists=True, file_okay=True, dir_okay=True))
@click.option("--key", "key", default=None, metavar="KEY")
@_db_option
@lang_option
def assignments(class_name: str | None, student: str | None, assignment_id: int | None,
                fmt: str | None, output: Path | None, content: tuple[str, ...],
                key: str | None, db: str | None) -> None:
    """Each assignment and each student's state and score."""
    if key is not None:
        _mine(db, key, content, fmt or "table")
        return
    from quizapp.cli.report import _output, render_table
    from quizapp.cli.teacher_gate import teacher_store
    from quizapp.i18n import t
    from quizapp.services.assignments import lines, local_full
    from quizapp.storage.classes import UnknownClass
    from quizapp.untrusted import json_text, visible

    if fmt in ("csv", "xlsx") or output is not None:
        if assignment_id is None:
            raise CliError(t("assign.export_needs_one"), 2)
        out_to = _output(fmt, output)
        _export(db, assignment_id, content, out_to)
        return
    fmt = fmt or "table"
    out: list[Any] = []
    with teacher_store(db) as store:
        if class_name is not None and not store.classes.class_exists(class_name):
            raise CliError(visible(UnknownClass(class_name).message.render(t)))
        sid = None
        if student is not None:
            found = store.students.find_student(student)
            if found is None:
                raise CliError(t("assign.no_student", name=visible(student, multiline=False)))
            sid = found.id
        works = [w for w in store.assignments.assignments(class_name)
                 if assignment_id is None or w.id == assignment_id]
        if store.assignments.unmarked([w.id for w in works]):
            # answers sent with students' keys: marked with the answer key first
            from quizapp.cli.base import load_content
            from quizapp.services.assignments import mark_homework

            mark_homework(store.assignments, load_content(content, False),
                          [w.id for w in works])
        for work in works:
            progress = store.assignments.progress(work.id)
            if sid is not None:
                progress = [p for p in progress if p.student_id == sid]
            out += [(work, line) for line in lines(work, progress)]
    if fmt == "json":
        click.echo(json_text([{
            "id": w.id, "class": w.class_name, "title": w.title, "mode": w.mode,
            "opens_at": w.opens_at.isoformat(), "due_at": w.due_at.isoformat(),
            "student": line.student, "number": line.number, "state": line.state,
            "score": line.score, "max_score": line.max_score, "attempts": line.attempts,
            "finished_at": None if line.finished_at is None else line.finished_at.isoformat(),
        } for w, line in out], indent=2))
        return
    if not out:
        click.echo(t("assign.none"))
        return
    headers = [t("assign.col_id"), t("assign.col_class"), t("assign.col_title"),
               t("assign.col_due"), t("assign.col_student"), t("assign.col_state"),
               t("assign.col_score"), t("assign.col_attempts")]
    rows = [[str(w.id), w.class_name, w.title, local_full(w.due_at), line.student,
             t(f"assign.state.{line.state}"),
             "-" if line.score is None else f"{line.score:g}/{line.max_score}",
             str(line.attempts)] for w, line in out]
    click.echo(render_table(headers, rows, right=(0, 6, 7), flex=(2, 1, 4)))


def _export(db: str | None, assignment_id: int, content: tuple[str, ...], out: Any) -> None:
    """One assignment's gradebook (its students, then its item analysis) to a file or the
    terminal, as the class reports are written."""
    from quizapp.cli.base import load_content
    from quizapp.cli.teacher_gate import teacher_store
    from quizapp.i18n import t
    from quizapp.services.assignments import gradebook

    bank = load_content(content, False)
    with teacher_store(db) as store:
        work = store.assignments.assignment(assignment_id)
        if work is None:
            raise CliError(t("assign.unknown", id=assignment_id))
        sheets = gradebook(store.assignments, bank, work, t)
    out.emit(sheets, "", t("assign.none"))
    if out.path is not None:
        click.echo(t("assign.written", path=str(out.path)), err=True)


def _mine(db: str | None, typed: str, content: tuple[str, ...], fmt: str) -> None:
    """A student's own homework, read with their homework key (the school database's
    shared student login may read no more): each assignment, its due time and state."""
    from quizapp import paths
    from quizapp.cli.base import load_content
    from quizapp.cli.report import render_table
    from quizapp.core.homework_keys import normalize
    from quizapp.i18n import t
    from quizapp.services.assignments import keyed_homework, local_full
    from quizapp.storage import StorageError, Store
    from quizapp.storage.homework_keys import WrongKey
    from quizapp.untrusted import json_text, visible

    if fmt not in ("table", "json"):
        raise CliError(t("keys.table_or_json"), 2)
    key = normalize(typed)
    if key is None:
        raise CliError(t("keys.bad_form"), 2)
    bank = load_content(content, False)
    try:
        with Store.open(paths.db_url(db), create=False) as store:
            mine = keyed_homework(store.keys, bank, key)
    except WrongKey:
        raise CliError(t("keys.wrong")) from None
    except StorageError as exc:
        raise CliError(t("cli.error", message=visible(str(exc)))) from None
    if fmt == "json":
        click.echo(json_text([{
            "id": h.work.id, "class": h.work.class_name, "title": h.work.title,
            "mode": h.work.mode, "due_at": h.work.due_at.isoformat(), "state": h.state,
            "closed": h.closed, "questions": h.questions,
            "attempts": 0 if h.progress is None else h.progress.started,
            "attempts_allowed": h.work.attempts} for h in mine.items], indent=2))
        return
    click.echo(t("keys.mine", name=visible(mine.holder.name, multiline=False)))
    if not mine.items:
        click.echo(t("assign.none"))
        return
    headers = [t("assign.col_id"), t("assign.col_class"), t("assign.col_title"),
               t("assign.col_due"), t("assign.col_state"), t("assign.col_attempts")]
    rows = [[str(h.work.id), h.work.class_name, h.work.title, local_full(h.work.due_at),
             t(f"assign.state.{h.state}") + (t("assign.home_closed") if h.closed
                                             and h.state in ("not_begun", "started") else ""),
             str(0 if h.progress is None else h.progress.started)] for h in mine.items]
    click.echo(render_table(headers, rows, right=(0, 5), flex=(2, 1, 4)))
