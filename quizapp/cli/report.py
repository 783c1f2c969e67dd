"""``quizapp report``: class results from the score database, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime

import click

from quizapp.cli.base import CliError, lang_option

FORMATS = ("table", "csv", "json")
WIDTH = 80


# -- output ----------------------------------------------------------------------------




def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
    flex: Sequence[int] = (0,),
    width: int = WIDTH,
) -> str:
    """A plain text table no wider than ``width`` cells (wide characters count 2): the widest
    of the ``flex`` columns is shortened, with an ellipsis, until the table fits; columns in
    ``right`` are right-aligned."""
    from quizapp.cells import cell_len, truncate

    gap = 2
    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    excess = sum(widths) + gap * (len(widths) - 1) - width
    while excess > 0:
        widest = max(flex, key=lambda i: widths[i])
        if widths[widest] <= 6:
            break
        widths[widest] -= 1
        excess -= 1

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            cell = truncate(cell, widths[i])
            pad = " " * (widths[i] - cell_len(cell))
            parts.append(pad + cell if i in right else cell + pad)
        return (" " * gap).join(parts).rstrip()

    rule = (" " * gap).join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _num(value: float) -> str:
    return f"{value:g}"


def _local(when: datetime | None) -> str:
    return "-" if when is None else when.astimezone().strftime("%Y-%m-%d %H:%M")


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _emit(fmt: str, records: list[dict], table: str, empty: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(_csv(records), nl=False)
    elif records:
        click.echo(table)
    else:
        click.echo(empty)


def _csv(records: list[dict]) -> str:
    if not records:
        return ""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: "" if v is None else v for k, v in rec.items()})
    return buf.getvalue()


def _open_store(db: str | None):
    from quizapp import paths
    from quizapp.storage import StorageError, Store

    try:
        return Store.open(paths.db_url(db), create=False)
    except StorageError as exc:
        _fail(str(exc))


def _fail(message: str) -> None:
    from quizapp.i18n import t

    raise CliError(t("cli.error", message=message))


# -- commands --------------------------------------------------------------------------

_format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default=None,
    help="Output format (default: table).")
_db_option = click.option(
    "--db", metavar="URL", default=None,
    help="Database URL or SQLite file (default: QUIZAPP_DB, else the user's data folder).")
_mode_option = click.option(
    "--mode", default=None, metavar="MODE",
    help="Only attempts in this mode (practice, exam, review).")


@click.group(invoke_without_command=True, short_help="Class results: per student, or per question.")
@click.option("--student", metavar="NAME", default=None,
              help="One student's attempts over time and most-missed questions.")
@_format_option
@_db_option
@_mode_option
@lang_option
@click.pass_context
def report(ctx: click.Context, student: str | None, fmt: str | None, db: str | None,
           mode: str | None) -> None:
    """Class results from the score database.

    Without a subcommand: one row per student and question set, with the finished and
    unfinished attempts and the best, last and average percentage. With --student: that
    student's attempts over time and the questions they miss most (CSV: the two tables
    one after the other, separated by a blank line). Times are shown in local time in
    tables and as UTC ISO 8601 in CSV and JSON.

    \b
    Examples:
      quizapp report                         every student, per question set
      quizapp report --student 小明          one student's attempts and misses
      quizapp report items                   facility and discrimination per question
      quizapp report --format csv > class.csv
      quizapp report --db postgresql+psycopg://teacher@school/quiz items --format json
    """
    ctx.ensure_object(dict)
    ctx.obj.update(fmt=fmt, db=db, mode=mode)
    if ctx.invoked_subcommand is not None:
        if student is not None:
            raise click.UsageError("--student cannot be combined with a subcommand")
        return
    fmt = fmt or "table"
    store = _open_store(db)
    try:
        if student is not None:
            _student(store, student, fmt)
        else:
            _summary(store, fmt, mode)
    finally:
        store.close()


def _summary(store, fmt: str, mode: str | None) -> None:
    from quizapp.storage.reports import class_summary

    rows = class_summary(store, mode)
    records = [
        {"student": r.student, "sets": r.sets, "finished": r.finished,
         "unfinished": r.unfinished, "best": _round(r.best, 2), "last": _round(r.last, 2),
         "average": _round(r.average, 2)}
        for r in rows
    ]
    table = render_table(
        ["Student", "Sets", "Done", "Open", "Best%", "Last%", "Avg%"],
        [[r.student, r.sets or "(all)", str(r.finished), str(r.unfinished), _pct(r.best),
          _pct(r.last), _pct(r.average)] for r in rows],
        right=(2, 3, 4, 5, 6), flex=(0, 1),
    )
    _emit(fmt, records, table, "No attempts yet.")


def _student(store, name: str, fmt: str) -> None:
    from quizapp.storage import StorageError
    from quizapp.storage.reports import student_report

    try:
        rep = student_report(store, name)
    except StorageError as exc:
        _fail(str(exc))
    attempts = [
        {"attempt": a.id, "started": _iso(a.started_at), "finished": _iso(a.finished_at),
         "mode": a.mode, "sets": ",".join(a.set_keys), "answered": a.answered,
         "score": a.score, "max_score": a.max_score, "percent": _round(a.percent, 2)}
        for a in rep.attempts
    ]
    missed = [
        {"question": m.question_id, "answered": m.answered, "wrong": m.wrong,
         "last_wrong": _iso(m.last_wrong)}
        for m in rep.missed
    ]
    if fmt == "json":
        click.echo(json.dumps({"student": rep.student, "attempts": attempts, "missed": missed},
                              ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        click.echo(_csv(attempts), nl=False)
        if missed:
            click.echo()
            click.echo(_csv(missed), nl=False)
        return
    click.echo(f"Student: {rep.student}")
    if not rep.attempts:
        click.echo("No attempts yet.")
        return
    click.echo(render_table(
        ["#", "Started", "Mode", "Sets", "Score", "%", "Status"],
        [[str(a.id), _local(a.started_at), a.mode, ",".join(a.set_keys) or "(all)",
          f"{_num(a.score)}/{a.max_score}", _pct(a.percent),
          "done" if a.finished else f"open ({a.answered} answered)"] for a in rep.attempts],
        right=(0, 4, 5), flex=(3, 2),
    ))
    click.echo()
    click.echo("Most missed questions:")
    if not rep.missed:
        click.echo("None.")
        return
    click.echo(render_table(
        ["Question", "Answered", "Wrong", "Last wrong"],
        [[m.question_id, str(m.answered), str(m.wrong), _local(m.last_wrong)]
         for m in rep.missed],
        right=(1, 2), flex=(0,),
    ))


@report.command("items", short_help="Facility and discrimination per question.")
@_format_option
@_db_option
@_mode_option
@lang_option
@click.pass_context
def items(ctx: click.Context, fmt: str | None, db: str | None, mode: str | None) -> None:
    """Item statistics per question, over finished attempts (as Moodle's quiz statistics).

    Facility: the mean score as a share of the maximum. Discrimination: the correlation
    between the question's score and the rest of the test (the attempt's total minus
    this question), over the attempts that include it; "-" when either never varies.
    Tables show both as percentages; CSV and JSON give fractions (0..1, -1..1). Flags:
    too easy (facility > 90%), too hard (facility < 20%), negative (discrimination < 0).

    \b
    Examples:
      quizapp report items
      quizapp report items --format csv > items.csv
      quizapp report items --mode exam
    """
    from quizapp.storage.reports import item_report

    parent = ctx.obj or {}
    fmt = fmt or parent.get("fmt") or "table"
    store = _open_store(db or parent.get("db"))
    try:
        rows = item_report(store, mode or parent.get("mode"))
    finally:
        store.close()
    records = [
        {"question": r.question_id, "responses": r.responses,
         "facility": _round(r.facility), "discrimination": _round(r.discrimination),
         "flags": ";".join(r.flags) if fmt == "csv" else list(r.flags)}
        for r in rows
    ]
    table = render_table(
        ["Question", "N", "Facility%", "Discrim%", "Flags"],
        [[r.question_id, str(r.responses),
          _pct(None if r.facility is None else 100 * r.facility),
          _pct(None if r.discrimination is None else 100 * r.discrimination),
          ", ".join(r.flags)] for r in rows],
        right=(1, 2, 3), flex=(0, 4),
    )
    _emit(fmt, records, table, "No finished attempts yet.")
