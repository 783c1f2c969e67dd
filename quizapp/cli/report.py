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
    """A plain text table (a header, a rule, the rows) no wider than ``width`` cells, drawn by
    rich: the ``flex`` columns give way, cut with an ellipsis, until it fits; the others keep
    their width; columns in ``right`` are right-aligned. Cells are text, never markup, with
    control characters shown (:func:`quizapp.untrusted.visible`)."""
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from quizapp.untrusted import visible

    table = Table(box=box.Box("    \n    \n -  \n    \n    \n    \n    \n    \n"),
                  show_edge=False, pad_edge=False, padding=(0, 1), collapse_padding=True)
    cells = [[Text(visible(c, multiline=False)) for c in row] for row in rows]
    widths = [max([cell_len(h)] + [row[i].cell_len for row in cells])
              for i, h in enumerate(headers)]
    # rich would shrink every column alike; here only the flex ones give way, widest first
    excess = sum(widths) + 2 * (len(widths) - 1) - width
    while excess > 0 and any(widths[i] > 6 for i in flex):
        widest = max(flex, key=lambda i: widths[i])
        cut = min(excess, widths[widest] - 6,
                  max(1, widths[widest] - max([6] + [widths[i] for i in flex if i != widest])))
        widths[widest] -= cut
        excess -= cut
    for i, header in enumerate(headers):
        table.add_column(Text(visible(header, multiline=False)),
                         justify="right" if i in right else "left", no_wrap=True,
                         overflow="ellipsis", width=widths[i])
    for row in cells:
        table.add_row(*row)
    console = Console(width=width, file=io.StringIO(), color_system=None, force_terminal=False,
                      legacy_windows=False, emoji=False, highlight=False)
    with console.capture() as captured:
        console.print(table)
    return "\n".join(line.rstrip() for line in captured.get().rstrip("\n").splitlines())


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
    help="Only attempts in this mode (practice, exam, review, live).")
_content_option = click.option(
    "--content", "content", multiple=True, metavar="PATH",
    type=click.Path(exists=True, file_okay=True, dir_okay=True),
    help="Teacher question files or folders, besides the built-in ones, for the questions' "
         "levels (repeatable).")
_level_option = click.option(
    "--level", "levels", multiple=True, type=click.Choice(("recall", "understand", "apply")),
    help="Only questions of this level (repeatable).")


def _levels(content: tuple[str, ...]) -> dict[str, str]:
    """Each known question's level: the built-in questions and the --content files."""
    from quizapp.cli.quiz import load_content

    return {q.id: q.level for q in load_content(content, False).questions}


def _level_word(level: str | None) -> str:
    from quizapp.i18n import t

    return t(f"level.{level}") if level else t("level.unknown")


@click.group(invoke_without_command=True, short_help="Class results: per student, or per question.")
@click.option("--student", metavar="NAME", default=None,
              help="One student's attempts over time and most-missed questions.")
@_format_option
@_db_option
@_mode_option
@_content_option
@lang_option
@click.pass_context
def report(ctx: click.Context, student: str | None, fmt: str | None, db: str | None,
           mode: str | None, content: tuple[str, ...]) -> None:
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
      quizapp report levels                  facility per level (recall, understand, apply)
      quizapp report --format csv > class.csv
      quizapp report --db postgresql+psycopg://teacher@school/quiz items --format json
    """
    ctx.ensure_object(dict)
    ctx.obj.update(fmt=fmt, db=db, mode=mode, content=content)
    if ctx.invoked_subcommand is not None:
        if student is not None:
            from quizapp.cli.base import UsageFailure
            from quizapp.i18n import t

            raise UsageFailure(t("report.student_and_subcommand"))
        return
    fmt = fmt or "table"
    store = _open_store(db)
    try:
        if student is not None:
            _student(store, student, fmt, content)
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
    from quizapp.i18n import t

    table = render_table(
        [t(f"report.col.{c}") for c in ("student", "sets", "done", "open", "best", "last", "avg")],
        [[r.student, r.sets or t("report.all_sets"), str(r.finished), str(r.unfinished),
          _pct(r.best),
          _pct(r.last), _pct(r.average)] for r in rows],
        right=(2, 3, 4, 5, 6), flex=(0, 1),
    )
    _emit(fmt, records, table, t("report.no_attempts"))


def _student(store, name: str, fmt: str, content: tuple[str, ...] = ()) -> None:
    from quizapp.i18n import t
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
    level_of = _levels(content) if rep.missed else {}
    missed = [
        {"question": m.question_id, "level": level_of.get(m.question_id),
         "answered": m.answered, "wrong": m.wrong, "last_wrong": _iso(m.last_wrong)}
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
    from quizapp.i18n import STRINGS, language
    from quizapp.untrusted import visible

    def mode_name(mode: str) -> str:
        return t(f"mode.{mode}") if f"mode.{mode}" in STRINGS[language()] else mode

    click.echo(t("report.student", name=visible(rep.student, multiline=False)))
    if not rep.attempts:
        click.echo(t("report.no_attempts"))
        return
    click.echo(render_table(
        [t(f"report.col.{c}") for c in ("n", "started", "mode", "sets", "score", "percent",
                                         "status")],
        [[str(a.id), _local(a.started_at), mode_name(a.mode),
          ",".join(a.set_keys) or t("report.all_sets"),
          f"{_num(a.score)}/{a.max_score}", _pct(a.percent),
          t("report.done") if a.finished else t("report.open", n=a.answered)]
         for a in rep.attempts],
        right=(0, 4, 5), flex=(3, 2),
    ))
    click.echo()
    click.echo(t("report.most_missed"))
    if not rep.missed:
        click.echo(t("report.none"))
        return
    click.echo(render_table(
        [t("report.col.question"), t("report.col_level"), t("report.col.answered"),
         t("report.col.wrong"), t("report.col.last_wrong")],
        [[m.question_id, _level_word(level_of.get(m.question_id)), str(m.answered),
          str(m.wrong), _local(m.last_wrong)] for m in rep.missed],
        right=(2, 3), flex=(0,),
    ))


@report.command("items", short_help="Facility and discrimination per question.")
@_format_option
@_db_option
@_mode_option
@_content_option
@_level_option
@lang_option
@click.pass_context
def items(ctx: click.Context, fmt: str | None, db: str | None, mode: str | None,
          content: tuple[str, ...], levels: tuple[str, ...]) -> None:
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
      quizapp report items --level apply --content class/
    """
    from quizapp.i18n import t

    parent = ctx.obj or {}
    fmt = fmt or parent.get("fmt") or "table"
    rows, level_of = _item_rows(parent, db, mode, content)
    if levels:
        rows = [r for r in rows if level_of.get(r.question_id) in levels]
    records = [
        {"question": r.question_id, "level": level_of.get(r.question_id),
         "responses": r.responses,
         "facility": _round(r.facility), "discrimination": _round(r.discrimination),
         "flags": ";".join(r.flags) if fmt == "csv" else list(r.flags)}
        for r in rows
    ]

    table = render_table(
        [t("report.col.question"), t("report.col_level"), t("report.col.responses"),
         t("report.col.facility"), t("report.col.discrimination"), t("report.col.flags")],
        [[r.question_id, _level_word(level_of.get(r.question_id)), str(r.responses),
          _pct(None if r.facility is None else 100 * r.facility),
          _pct(None if r.discrimination is None else 100 * r.discrimination),
          t("report.flag_sep").join(t(f"report.flag.{f.replace(' ', '_')}") for f in r.flags)]
         for r in rows],
        right=(2, 3, 4), flex=(0, 5),
    )
    _emit(fmt, records, table, t("report.no_finished"))


def _item_rows(parent: dict, db: str | None, mode: str | None, content: tuple[str, ...]):
    """The item statistics and each known question's level (options of the group too)."""
    from quizapp.storage.reports import item_report

    level_of = _levels(tuple(parent.get("content") or ()) + content)
    store = _open_store(db or parent.get("db"))
    try:
        return item_report(store, mode or parent.get("mode")), level_of
    finally:
        store.close()


@report.command("levels", short_help="Facility per question level (recall, understand, apply).")
@_format_option
@_db_option
@_mode_option
@_content_option
@lang_option
@click.pass_context
def levels_(ctx: click.Context, fmt: str | None, db: str | None, mode: str | None,
            content: tuple[str, ...]) -> None:
    """How well the class does at each level, over finished attempts: for recall,
    understand and apply, the questions answered, the responses and the facility (the
    mean score as a share of the maximum, over every response). Levels come from the
    built-in questions and any --content files; questions found in neither are left out
    and named.

    \b
    Examples:
      quizapp report levels
      quizapp report levels --mode exam --format json
      quizapp report levels --content class/
    """
    from quizapp.core.levels import by_level
    from quizapp.i18n import t

    parent = ctx.obj or {}
    fmt = fmt or parent.get("fmt") or "table"
    rows, level_of = _item_rows(parent, db, mode, content)
    summary, unknown = by_level(((r.question_id, r.responses, r.facility) for r in rows),
                                level_of)
    records = [{"level": r.level, "questions": r.questions, "responses": r.responses,
                "facility": _round(r.facility)} for r in summary] if rows else []
    table = render_table(
        [t("report.col_level"), t("report.col_questions"), t("report.col_responses"),
         t("report.col_facility")],
        [[_level_word(r.level), str(r.questions), str(r.responses),
          _pct(None if r.facility is None else 100 * r.facility)] for r in summary],
        right=(1, 2, 3), flex=(0,),
    )
    _emit(fmt, records, table, t("report.no_finished"))
    if unknown and fmt == "table":
        from quizapp.untrusted import visible

        ids = ", ".join(visible(i, multiline=False) for i in unknown)
        click.echo(t("report.levels_unknown", n=len(unknown), ids=ids), err=True)
