"""``quizapp report``: class results from the score database, as a table, CSV, JSON or xlsx
(the file writers are :mod:`quizapp.export.report`)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import click

from quizapp.cli.base import CliError, lang_option
from quizapp.untrusted import json_text

#: How many most-missed questions a table or JSON lists without --limit.
MISSED_SHOWN = 10
FORMATS = ("table", "csv", "json", "xlsx")
MODES = ("practice", "exam", "review", "live")
#: The tables' width when the output is not a terminal (a pipe, a file).
PIPED_WIDTH = 100


def table_width() -> int:
    """The terminal's width (``COLUMNS`` first, as the shell sets it), or
    :data:`PIPED_WIDTH` when the output is not a terminal."""
    import shutil

    return max(40, shutil.get_terminal_size((PIPED_WIDTH, 24)).columns)


# -- output ----------------------------------------------------------------------------




def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
    flex: Sequence[int] = (0,),
    width: int | None = None,
) -> str:
    """A plain text table (a header, a rule, the rows) no wider than ``width`` cells (the
    terminal's, :func:`table_width`, when not given), drawn by
    rich: the ``flex`` columns give way, cut with an ellipsis, until it fits; the others keep
    their width; columns in ``right`` are right-aligned. Cells are text, never markup, with
    control characters shown (:func:`quizapp.untrusted.visible`)."""
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from quizapp.untrusted import visible

    width = width or table_width()
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
    from quizapp.core.numbers import percent

    return "-" if value is None else percent(value, 1)


def _num(value: float) -> str:
    """A score to at most two decimals: ``5.28``, ``4``, ``0.5``."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _local(when: datetime | None) -> str:
    return "-" if when is None else when.astimezone().strftime("%Y-%m-%d %H:%M")


class Output:
    """Where a report goes: ``fmt`` and the file named with ``-o`` (``None``: the terminal)."""

    def __init__(self, fmt: str, path: Path | None, content: tuple[str, ...] = ()) -> None:
        self.fmt = fmt
        self.path = path
        self.content = content

    def emit(self, sheets: list[tuple[str, list[dict]]], table: str, empty: str,
             title: str | None = None) -> None:
        """Write the report: each sheet is a title and its records (one table of the report;
        ``table`` is all of them drawn for the terminal; ``title`` names a workbook)."""
        if self.fmt == "xlsx":
            from quizapp.export.report import write_xlsx
            from quizapp.i18n import t

            assert self.path is not None  # _output: xlsx needs a file
            words = _Words(self.content)
            sheets = [(name, [{k: words.value(k, v) for k, v in rec.items()} for rec in records])
                      for name, records in sheets]
            write_xlsx(self.path, sheets, _headers("report.xlsx."), t("report.no_attempts"),
                       title)
            return
        if self.fmt == "json":
            data = sheets[0][1] if len(sheets) == 1 else {k: v for k, v in sheets}
            self.write(json_text(data, indent=2) + "\n")
        elif self.fmt == "csv":
            from quizapp.export.report import csv_text

            headers = _headers("report.csv.")
            self.write("\n".join(csv_text(records, headers) for _, records in sheets
                                 if records))
        else:
            self.write((table if any(records for _, records in sheets) else empty) + "\n")

    def write(self, text: str) -> None:
        """``text`` to the terminal, or to the file (CSV with a UTF-8 byte order mark: Excel
        reads a CSV as UTF-8 only with one, so Chinese names stay intact)."""
        if self.path is None:
            click.echo(text, nl=False)
            return
        from quizapp.files import write_bytes

        data = ("\ufeff" + text if self.fmt == "csv" else text).encode("utf-8")
        write_bytes(self.path, data)


def _headers(prefix: str) -> dict[str, str]:
    """The column headers in the interface's language (``prefix``: ``report.xlsx.`` or
    ``report.csv.``), times with the school's time zone named."""
    from quizapp.export.report import local_zone
    from quizapp.i18n import STRINGS, language

    zone = local_zone()
    return {k[len(prefix):]: v.replace("{zone}", zone) for k, v in STRINGS[language()].items()
            if k.startswith(prefix)}


class _Words:
    """A workbook's values in words, as a person reads them: modes, question types,
    levels and flags in the interface's language, sets by their titles."""

    def __init__(self, content: tuple[str, ...]) -> None:
        self.content = content
        self._titles: dict[str, str] | None = None

    def titles(self) -> dict[str, str]:
        if self._titles is None:
            from quizapp.cli.base import load_content

            self._titles = {s.key: s.title for s in load_content(self.content, False).sets}
        return self._titles

    def value(self, key: str, value: object) -> object:
        from quizapp.i18n import STRINGS, language, t

        known = STRINGS[language()]
        if key == "mode" and isinstance(value, str) and f"mode.{value}" in known:
            return t(f"mode.{value}")
        if key == "type" and isinstance(value, str) and f"report.type.{value}" in known:
            return t(f"report.type.{value}")
        if key == "level" and isinstance(value, str):
            return _level_word(value)
        if key == "flags" and isinstance(value, list):
            return [t(f"report.flag.{f.replace(' ', '_')}")
                    if f"report.flag.{f.replace(' ', '_')}" in known else f for f in value]
        if key == "sets" and isinstance(value, str):
            keys = [k for k in value.split(",") if k]
            titles = self.titles()
            return t("fmt.sep").join(titles.get(k, k) for k in keys) or t("report.all_sets")
        return value


def _output(fmt: str | None, output: Path | None, content: tuple[str, ...] = ()) -> Output:
    """The format (from ``--format`` or the file's ending) and file; xlsx needs a file."""
    from quizapp.cli.base import UsageFailure
    from quizapp.i18n import t

    if fmt is None and output is not None:
        fmt = {".csv": "csv", ".json": "json", ".xlsx": "xlsx"}.get(output.suffix.lower())
    fmt = fmt or "table"
    if fmt == "xlsx" and output is None:
        raise UsageFailure(t("report.xlsx_needs_output"))
    if output is not None:
        want = {"csv": ".csv", "json": ".json", "xlsx": ".xlsx", "table": ".txt"}[fmt]
        if output.suffix.lower() != want:
            raise UsageFailure(t("report.output_suffix", path=str(output), suffix=want))
        if output.exists() and not output.is_file():
            raise UsageFailure(t("report.output_not_file", path=str(output)))
    return Output(fmt, output, content)


def _open_store(db: str | None, content: tuple[str, ...] = ()):
    from quizapp import paths
    from quizapp.cli.teacher_gate import require_teacher
    from quizapp.storage import StorageError, Store

    try:
        store = Store.open(paths.db_url(db), create=False)
    except StorageError as exc:
        _fail(str(exc))
    try:
        require_teacher(store)  # class reports are the teacher's
        _mark_homework(store, content)
    except CliError:
        store.close()
        raise
    except StorageError as exc:
        store.close()
        _fail(str(exc))
    return store


def _mark_homework(store, content: tuple[str, ...]) -> None:
    """Homework answers sent with students' keys are marked before a report reads them."""
    if not store.assignments.unmarked():
        return
    from quizapp.cli.base import load_content
    from quizapp.services.assignments import mark_homework

    mark_homework(store.assignments, load_content(content, False))


def _fail(message: str) -> None:
    from quizapp.i18n import t

    raise CliError(t("cli.error", message=message))


# -- commands --------------------------------------------------------------------------

_format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default=None,
    help="Output format (default: table; xlsx needs -o). With -o, CSV is written with a "
         "UTF-8 byte order mark so Excel shows Chinese names intact.")
_output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Write the report to this file (.csv, .json, .xlsx or .txt) instead of the terminal.")
_db_option = click.option(
    "--db", metavar="URL", default=None,
    help="Database URL or SQLite file (default: QUIZAPP_DB, else the user's data folder).")
_class_option = click.option(
    "--class", "class_name", metavar="NAME", default=None,
    help="Only the students of this class (see quizapp class).")
_mode_option = click.option(
    "--mode", default=None, type=click.Choice(MODES),
    help="Only attempts in this mode (practice, exam, review, live).")
_content_option = click.option(
    "--content", "content", multiple=True, metavar="PATH",
    type=click.Path(exists=True, file_okay=True, dir_okay=True),
    help="Teacher question files or folders, besides the built-in ones, for the questions' "
         "levels (repeatable).")
_level_option = click.option(
    "--level", "levels", multiple=True, type=click.Choice(("recall", "understand", "apply")),
    help="Only questions of this level (repeatable).")


def _bank(content: tuple[str, ...]) -> dict:
    """Each known question by id: the built-in questions and the --content files."""
    from quizapp.cli.base import load_content

    return {q.id: q for q in load_content(content, False).questions}


def _levels(content: tuple[str, ...]) -> dict[str, str]:
    """Each known question's level: the built-in questions and the --content files."""
    return {qid: q.level for qid, q in _bank(content).items()}


def _level_word(level: str | None) -> str:
    from quizapp.i18n import t

    return t(f"level.{level}") if level else t("level.unknown")




@click.group(invoke_without_command=True, short_help="Class results: per student, or per question.")
@click.option("--student", metavar="NAME", default=None,
              help="One student's attempts over time and most-missed questions.")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="With --student: how many most-missed questions to list (0: all).")
@_format_option
@_output_option
@_db_option
@_mode_option
@_content_option
@_class_option
@lang_option
@click.pass_context
def report(ctx: click.Context, student: str | None, limit: int, fmt: str | None,
           output: Path | None, db: str | None, mode: str | None, content: tuple[str, ...],
           class_name: str | None) -> None:
    """Class results from the score database.

    Without a subcommand: one row per student and question set, with the finished and
    unfinished attempts and the best, last and average percentage. With --student: that
    student's attempts over time and the questions they miss most (CSV: the two tables
    one after the other, separated by a blank line; xlsx: one sheet each). Times are
    in local time in tables, CSV (ISO 8601 with the offset) and xlsx (the zone named in
    the header), and UTC ISO 8601 in JSON. Tables and
    CSV round scores and percentages to two decimals; JSON keeps full precision.

    \b
    Examples:
      quizapp report                         every student, per question set
      quizapp report --class 高一3班          one class
      quizapp report --student 小明          one student's attempts and misses
      quizapp report items                   facility and discrimination per question
      quizapp report levels                  facility per level (recall, understand, apply)
      quizapp report --format xlsx -o 成绩.xlsx
      quizapp report -o class.csv            CSV that Excel opens with Chinese intact
      quizapp report --db postgresql+psycopg://teacher@school/quiz items --format json
    """
    ctx.ensure_object(dict)
    ctx.obj.update(fmt=fmt, output=output, db=db, mode=mode, content=content,
                   class_name=class_name)
    if ctx.invoked_subcommand is not None:
        if student is not None:
            from quizapp.cli.base import UsageFailure
            from quizapp.i18n import t

            raise UsageFailure(t("report.student_and_subcommand"))
        return
    student_id = None
    if student is not None and class_name is not None:
        from quizapp.cli.base import check_on_roster

        student_id = check_on_roster(db, class_name, student, refusal="report.not_on_roster")
    out = _output(fmt, output, content)
    store = _open_store(db, content)
    try:
        if student is not None:
            if student_id is None:
                _one_of_that_name(store, student)
            _student(store, student, out, content, limit, student_id)
        else:
            _summary(store, out, mode, _known_class(store, class_name))
    finally:
        store.close()


def _known_class(store, class_name: str | None) -> str | None:
    """``class_name`` when the class exists (``None``: every student); else a clear error."""
    if class_name is None:
        return None
    from quizapp.i18n import t
    from quizapp.untrusted import visible

    class_name = " ".join(class_name.split())
    if not store.classes.class_exists(class_name):
        store.close()
        raise CliError(t("class.unknown", name=visible(class_name, multiline=False)))
    return class_name


def _unknown_student(store, name: str) -> None:
    """A name no student has (a typo, most often): said, with the names it is close to."""
    from quizapp.core.roster import close_names
    from quizapp.i18n import t
    from quizapp.storage import StorageError
    from quizapp.untrusted import visible

    lines = [t("report.unknown_student", name=visible(name, multiline=False))]
    try:
        close = close_names(name, store.students.student_names())
    except StorageError:
        close = []
    if close:
        shown = t("class.name_sep").join(visible(n, multiline=False) for n in close)
        lines.append(t("class.did_you_mean", names=shown))
    raise CliError("\n".join(lines))


def _summary(store, out: Output, mode: str | None, class_name: str | None = None) -> None:
    from quizapp.i18n import t
    from quizapp.services.reports import summary_records

    rows = store.reports.class_summary(mode, class_name)
    records = summary_records(rows)
    table = render_table(
        [t(f"report.col.{c}") for c in ("student", "sets", "done", "open", "best", "last", "avg")],
        [[r.student, r.sets or t("report.all_sets"), str(r.finished), str(r.unfinished),
          _pct(r.best), _pct(r.last), _pct(r.average)] for r in rows],
        right=(2, 3, 4, 5, 6), flex=(0, 1),
    )
    out.emit([(t("report.sheet.class"), records)], table, t("report.no_attempts"))


def _one_of_that_name(store, name: str) -> None:
    """Refuse a name two students share (say which: the bracketed label, or --class)."""
    from quizapp.i18n import t
    from quizapp.services.rosters import describe
    from quizapp.untrusted import visible

    namesakes = store.classes.student_infos(name=name)
    if len(namesakes) < 2:
        return
    labels = {s.id: label for s, label in zip(namesakes, store.classes.student_labels(
        [s.id for s in namesakes]), strict=True)}
    lines = [t("student.which", who=visible(name, multiline=False))]
    lines += ["  " + visible(labels[s.id], multiline=False) + "  —  "
              + visible(describe(s, t), multiline=False) for s in namesakes]
    lines.append(t("report.which_student"))
    store.close()
    raise CliError("\n".join(lines))


def _student(store, name: str, out: Output, content: tuple[str, ...] = (),
             limit: int | None = None, student_id: int | None = None) -> None:
    from quizapp.i18n import STRINGS, language, t
    from quizapp.storage import StorageError
    from quizapp.storage.students import UnknownStudent
    from quizapp.untrusted import visible

    if limit is None:  # files carry every row; the terminal and JSON the first ten
        limit = 0 if out.fmt in ("csv", "xlsx") else MISSED_SHOWN
    try:
        rep = store.reports.student_report(student_id if student_id is not None else name,
                                           missed_limit=limit or None)
    except UnknownStudent as exc:
        _unknown_student(store, exc.name)
    except StorageError as exc:
        _fail(visible(str(exc)))
    from quizapp.services.reports import attempt_records, missed_records

    attempts = attempt_records(rep.attempts)
    missed = missed_records(rep.missed, _bank(content) if rep.missed else {})
    more = rep.missed_total - len(rep.missed)
    if out.fmt == "json":
        data = {"student": rep.student, "attempts": attempts, "missed": missed,
                "missed_total": rep.missed_total}
        out.write(json_text(data, indent=2) + "\n")
        return
    if out.fmt in ("csv", "xlsx"):
        if more > 0:  # cut by --limit: the last row says how many were left out
            missed.append({key: (t("report.more_missed", n=more) if key == "question" else None)
                           for key in missed[0]})
        # one word per column: here "finished" is a time, not a count; and each row names
        # the student, so a sheet read on its own (or pasted elsewhere) still says whose
        attempts = [{"student": rep.student,
                     **{("finished_at" if k == "finished" else k): v for k, v in a.items()}}
                    for a in attempts]
        missed = [{"student": rep.student, **m} for m in missed]
        out.emit([(t("report.sheet.attempts"), attempts), (t("report.sheet.missed"), missed)],
                 "", "", title=t("report.student", name=rep.student))
        return

    def mode_name(mode: str) -> str:
        return t(f"mode.{mode}") if f"mode.{mode}" in STRINGS[language()] else mode

    lines = [t("report.student", name=visible(rep.student, multiline=False))]
    if not rep.attempts:
        lines.append(t("report.no_attempts"))
        out.write("\n".join(lines) + "\n")
        return
    lines.append(render_table(
        [t(f"report.col.{c}") for c in ("n", "started", "mode", "sets", "score", "percent",
                                         "status")],
        [[str(a.id), _local(a.started_at), mode_name(a.mode),
          ",".join(a.set_keys) or t("report.all_sets"),
          f"{_num(a.score)}/{a.max_score}", _pct(a.percent),
          t("report.done") if a.finished else t("report.open", n=a.answered)]
         for a in rep.attempts],
        right=(0, 4, 5), flex=(3, 2),
    ))
    lines += ["", t("report.most_missed")]
    if not rep.missed:
        lines.append(t("report.none"))
    else:
        lines.append(render_table(
            [t("report.col.question"), t("report.col.type"), t("report.col.text"),
             t("report.col_level"), t("report.col.answered"), t("report.col.wrong"),
             t("report.col.last_wrong")],
            [[m["question"], _type_word(m["type"]), m["text"] or "-", _level_word(m["level"]),
              str(m["answered"]), str(m["wrong"]), _local(mm.last_wrong)]
             for m, mm in zip(missed, rep.missed, strict=True)],
            right=(4, 5), flex=(2, 0),
        ))
        if more > 0:
            lines.append(t("report.more_missed", n=more))
    out.write("\n".join(lines) + "\n")


def _type_word(qtype: str | None) -> str:
    from quizapp.i18n import t

    return t(f"report.type.{qtype}") if qtype else "-"


@report.command("items", short_help="Facility and discrimination per question.")
@_format_option
@_output_option
@_db_option
@_mode_option
@_content_option
@_level_option
@_class_option
@lang_option
@click.pass_context
def items(ctx: click.Context, fmt: str | None, output: Path | None, db: str | None,
          mode: str | None, content: tuple[str, ...], levels: tuple[str, ...],
          class_name: str | None) -> None:
    """Item statistics per question, over finished attempts (as Moodle's quiz statistics).

    Each question is shown with its type and text (from the built-in questions and any
    --content files). Facility: the mean score as a share of the maximum. Discrimination:
    the correlation between the question's score and the rest of the test (the attempt's
    total minus this question), over the attempts that include it; "-" when either never
    varies. Tables show both as percentages; CSV and JSON give fractions (0..1, -1..1),
    xlsx percentages. Flags, given from 10 answers on (as on the desk): too easy
    (facility > 90%), too hard (facility < 20%), negative (discrimination < 0).

    \b
    Examples:
      quizapp report items
      quizapp report items --format csv -o items.csv
      quizapp report items --mode exam --class 高一3班
      quizapp report items --level apply --content class/
    """
    from quizapp.i18n import t

    parent = ctx.obj or {}
    out = _output(fmt or parent.get("fmt"), output or parent.get("output"),
                  tuple(parent.get("content") or ()) + content)
    rows, bank = _item_rows(parent, db, mode, content, class_name)
    if levels:
        rows = [r for r in rows if r.question_id in bank and bank[r.question_id].level in levels]
    from quizapp.services.reports import item_records, rounded

    records = item_records(rows, bank)
    if out.fmt == "csv":
        for rec in records:
            rec["facility"] = rounded(rec["facility"])
            rec["discrimination"] = rounded(rec["discrimination"])
    from quizapp.services.reports import MIN_RESPONSES

    words = {f: t(f"report.flag.{f.replace(' ', '_')}") for r in rows for f in r.flags}
    few = t("teacher.too_few", n=MIN_RESPONSES)
    table = render_table(
        [t("report.col.question"), t("report.col.type"), t("report.col.text"),
         t("report.col_level"), t("report.col.responses"), t("report.col.facility"),
         t("report.col.discrimination"), t("report.col.flags")],
        [[rec["question"], _type_word(rec["type"]), rec["text"] or "-",
          _level_word(rec["level"]), str(r.responses),
          _pct(None if r.facility is None else 100 * r.facility),
          _pct(None if r.discrimination is None else 100 * r.discrimination),
          t("report.flag_sep").join(words[f] for f in rec["flags"])
          if r.responses >= MIN_RESPONSES else few]
         for rec, r in zip(records, rows, strict=True)],
        right=(4, 5, 6), flex=(2, 0, 7),
    )
    if out.fmt == "csv":  # flags in the interface language (a workbook: _Words)
        for rec in records:
            rec["flags"] = [words[f] for f in rec["flags"]]
    out.emit([(t("report.sheet.items"), records)], table, t("report.no_finished"))


def _item_rows(parent: dict, db: str | None, mode: str | None, content: tuple[str, ...],
               class_name: str | None = None):
    """The item statistics and each known question by id (options of the group too)."""
    bank = _bank(tuple(parent.get("content") or ()) + content)
    store = _open_store(db or parent.get("db"), tuple(parent.get("content") or ()) + content)
    try:
        known = _known_class(store, class_name or parent.get("class_name"))
        return store.reports.item_report(mode or parent.get("mode"), known), bank
    finally:
        store.close()


@report.command("levels", short_help="Facility per question level (recall, understand, apply).")
@_format_option
@_output_option
@_db_option
@_mode_option
@_content_option
@_class_option
@lang_option
@click.pass_context
def levels_(ctx: click.Context, fmt: str | None, output: Path | None, db: str | None,
            mode: str | None, content: tuple[str, ...], class_name: str | None) -> None:
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
      quizapp report levels --class 高一3班
    """
    from quizapp.core.levels import by_level
    from quizapp.i18n import t

    parent = ctx.obj or {}
    out = _output(fmt or parent.get("fmt"), output or parent.get("output"),
                  tuple(parent.get("content") or ()) + content)
    rows, bank = _item_rows(parent, db, mode, content, class_name)
    level_of = {qid: q.level for qid, q in bank.items()}
    summary, unknown = by_level(((r.question_id, r.responses, r.facility) for r in rows),
                                level_of)
    from quizapp.services.reports import level_records

    records = level_records(summary) if rows else []
    table = render_table(
        [t("report.col_level"), t("report.col_questions"), t("report.col_responses"),
         t("report.col_facility")],
        [[_level_word(r.level), str(r.questions), str(r.responses),
          _pct(None if r.facility is None else 100 * r.facility)] for r in summary],
        right=(1, 2, 3), flex=(0,),
    )
    out.emit([(t("report.sheet.levels"), records)], table, t("report.no_finished"))
    if unknown and out.fmt == "table":
        from quizapp.untrusted import visible

        ids = ", ".join(visible(i, multiline=False) for i in unknown)
        click.echo(t("report.levels_unknown", n=len(unknown), ids=ids), err=True)
