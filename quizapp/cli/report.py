"""``quizapp report``: class results from the score database, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import click

from quizapp.cli.base import CliError, lang_option
from quizapp.untrusted import json_text

FORMATS = ("table", "csv", "json", "xlsx")
MODES = ("practice", "exam", "review", "live")
WIDTH = 80
#: columns that hold a percentage (0-100) or a fraction (0-1) and a score: rounded to two
#: decimals in tables and CSV (JSON keeps full precision), formatted as such in xlsx
PERCENT_KEYS = {"best", "last", "average", "percent"}
FRACTION_KEYS = {"facility", "discrimination"}
SCORE_KEYS = {"score"}
#: columns that hold a UTC time (ISO 8601 text in CSV and JSON, a date cell in xlsx)
TIME_KEYS = {"started", "finished_at", "last_wrong"}


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
    """A score to at most two decimals: ``5.28``, ``4``, ``0.5``."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _local(when: datetime | None) -> str:
    return "-" if when is None else when.astimezone().strftime("%Y-%m-%d %H:%M")


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


class Output:
    """Where a report goes: ``fmt`` and the file named with ``-o`` (``None``: the terminal)."""

    def __init__(self, fmt: str, path: Path | None) -> None:
        self.fmt = fmt
        self.path = path

    def emit(self, sheets: list[tuple[str, list[dict]]], table: str, empty: str) -> None:
        """Write the report: each sheet is a title and its records (one table of the report;
        ``table`` is all of them drawn for the terminal)."""
        if self.fmt == "xlsx":
            _write_xlsx(self.path, sheets)
            return
        if self.fmt == "json":
            data = sheets[0][1] if len(sheets) == 1 else {k: v for k, v in sheets}
            self.write(json_text(data, indent=2) + "\n")
        elif self.fmt == "csv":
            self.write("\n".join(_csv(records) for _, records in sheets if records))
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


def _csv_value(key: str, value):
    from quizapp.untrusted import csv_cell

    if value is None:
        return ""
    if isinstance(value, float) and key in PERCENT_KEYS | SCORE_KEYS:
        return round(value, 2)
    if isinstance(value, list):
        value = ";".join(map(str, value))
    return csv_cell(value)


def _csv(records: list[dict]) -> str:
    if not records:
        return ""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()  # the fields' names, as JSON has them
    for rec in records:
        writer.writerow({k: _csv_value(k, v) for k, v in rec.items()})
    return buf.getvalue()


def _write_xlsx(path: Path, sheets: list[tuple[str, list[dict]]]) -> None:
    """One worksheet per table: headers in the interface language, numbers as numbers,
    percentages as percentages, every text cell defused (:func:`csv_cell`)."""
    import openpyxl
    from openpyxl.styles import Font

    from quizapp.files import write_atomic
    from quizapp.i18n import STRINGS, language, t
    from quizapp.untrusted import csv_cell

    words = STRINGS[language()]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, records in sheets:
        sheet = book.create_sheet(_sheet_title(title))
        if not records:
            sheet.append([t("report.no_attempts")])
            continue
        keys = list(records[0])
        sheet.append([words.get(f"report.xlsx.{k}", k) for k in keys])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for rec in records:
            row = []
            for k in keys:
                v = rec[k]
                if isinstance(v, list):
                    v = ", ".join(map(str, v))
                if isinstance(v, bool):
                    v = int(v)
                if k in PERCENT_KEYS and isinstance(v, int | float):
                    v = v / 100
                if k in TIME_KEYS and isinstance(v, str):
                    v = datetime.fromisoformat(v).replace(tzinfo=None)  # UTC, as the header says
                row.append(csv_cell(v) if isinstance(v, str) else v)
            sheet.append(row)
        for col, k in enumerate(keys, 1):
            fmt = ("0.00%" if k in PERCENT_KEYS else "0.0%" if k in FRACTION_KEYS
                   else "0.00" if k in SCORE_KEYS else "yyyy-mm-dd hh:mm" if k in TIME_KEYS
                   else None)
            letter = openpyxl.utils.get_column_letter(col)
            if fmt:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                    cell.number_format = fmt
            width = max(len(str(sheet.cell(1, col).value)) * 2, 8)
            sheet.column_dimensions[letter].width = min(width, 60)
        sheet.freeze_panes = "A2"
    write_atomic(path, book.save)


def _sheet_title(title: str) -> str:
    """An Excel sheet name: at most 31 characters, none of the characters Excel forbids."""
    for ch in "[]:*?/" + chr(92):
        title = title.replace(ch, " ")
    return title[:31] or "report"


def _output(fmt: str | None, output: Path | None) -> Output:
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
    return Output(fmt, output)


def _open_store(db: str | None):
    from quizapp import paths
    from quizapp.cli.teacher_gate import require_teacher
    from quizapp.storage import StorageError, Store

    try:
        store = Store.open(paths.db_url(db), create=False)
    except StorageError as exc:
        _fail(str(exc))
    try:
        require_teacher(store)  # class reports are the teacher's
    except CliError:
        store.close()
        raise
    return store


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
    from quizapp.cli.quiz import load_content

    return {q.id: q for q in load_content(content, False).questions}


def _levels(content: tuple[str, ...]) -> dict[str, str]:
    """Each known question's level: the built-in questions and the --content files."""
    return {qid: q.level for qid, q in _bank(content).items()}


def _level_word(level: str | None) -> str:
    from quizapp.i18n import t

    return t(f"level.{level}") if level else t("level.unknown")


def _prompt(question) -> str:
    """A question's text on one line (a fill question's blanks masked)."""
    if question is None:
        return ""
    text = question.masked_prompt() if question.type == "fill" else question.prompt
    return " ".join(text.split())


@click.group(invoke_without_command=True, short_help="Class results: per student, or per question.")
@click.option("--student", metavar="NAME", default=None,
              help="One student's attempts over time and most-missed questions.")
@click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True,
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
    shown in local time in tables and as UTC ISO 8601 in CSV, JSON and xlsx. Tables and
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
        from quizapp.cli.quiz import check_on_roster

        student_id = check_on_roster(db, class_name, student, refusal="report.not_on_roster")
    out = _output(fmt, output)
    store = _open_store(db)
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

    rows = store.reports.class_summary(mode, class_name)
    records = [
        {"student": r.student, "sets": r.sets, "finished": r.finished,
         "unfinished": r.unfinished, "best": r.best, "last": r.last, "average": r.average}
        for r in rows
    ]
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
             limit: int = 10, student_id: int | None = None) -> None:
    from quizapp.i18n import STRINGS, language, t
    from quizapp.storage import StorageError
    from quizapp.storage.students import UnknownStudent
    from quizapp.untrusted import visible

    try:
        rep = store.reports.student_report(student_id if student_id is not None else name,
                                           missed_limit=limit or None)
    except UnknownStudent as exc:
        _unknown_student(store, exc.name)
    except StorageError as exc:
        _fail(visible(str(exc)))
    attempts = [
        {"attempt": a.id, "started": _iso(a.started_at), "finished": _iso(a.finished_at),
         "mode": a.mode, "sets": ",".join(a.set_keys), "answered": a.answered,
         "score": a.score, "max_score": a.max_score, "percent": a.percent}
        for a in rep.attempts
    ]
    bank = _bank(content) if rep.missed else {}
    missed = [
        {"question": m.question_id,
         "type": bank[m.question_id].type if m.question_id in bank else None,
         "text": _prompt(bank.get(m.question_id)) or None,
         "level": bank[m.question_id].level if m.question_id in bank else None,
         "answered": m.answered, "wrong": m.wrong, "last_wrong": _iso(m.last_wrong)}
        for m in rep.missed
    ]
    more = rep.missed_total - len(rep.missed)
    if out.fmt == "json":
        data = {"student": rep.student, "attempts": attempts, "missed": missed,
                "missed_total": rep.missed_total}
        out.write(json_text(data, indent=2) + "\n")
        return
    if out.fmt in ("csv", "xlsx"):
        if out.fmt == "xlsx":  # one word per column: here "finished" is a time, not a count
            attempts = [{("finished_at" if k == "finished" else k): v for k, v in a.items()}
                        for a in attempts]
        out.emit([(t("report.sheet.attempts"), attempts), (t("report.sheet.missed"), missed)],
                 "", "")
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
    xlsx percentages. Flags: too easy (facility > 90%), too hard (facility < 20%),
    negative (discrimination < 0).

    \b
    Examples:
      quizapp report items
      quizapp report items --format csv -o items.csv
      quizapp report items --mode exam --class 高一3班
      quizapp report items --level apply --content class/
    """
    from quizapp.i18n import t

    parent = ctx.obj or {}
    out = _output(fmt or parent.get("fmt"), output or parent.get("output"))
    rows, bank = _item_rows(parent, db, mode, content, class_name)
    if levels:
        rows = [r for r in rows if r.question_id in bank and bank[r.question_id].level in levels]
    records = [
        {"question": r.question_id,
         "type": bank[r.question_id].type if r.question_id in bank else None,
         "text": _prompt(bank.get(r.question_id)) or None,
         "level": bank[r.question_id].level if r.question_id in bank else None,
         "responses": r.responses, "facility": r.facility, "discrimination": r.discrimination,
         "flags": list(r.flags)}
        for r in rows
    ]
    if out.fmt == "csv":
        for rec in records:
            rec["facility"] = _round(rec["facility"])
            rec["discrimination"] = _round(rec["discrimination"])
    words = {f: t(f"report.flag.{f.replace(' ', '_')}") for r in rows for f in r.flags}
    table = render_table(
        [t("report.col.question"), t("report.col.type"), t("report.col.text"),
         t("report.col_level"), t("report.col.responses"), t("report.col.facility"),
         t("report.col.discrimination"), t("report.col.flags")],
        [[rec["question"], _type_word(rec["type"]), rec["text"] or "-",
          _level_word(rec["level"]), str(r.responses),
          _pct(None if r.facility is None else 100 * r.facility),
          _pct(None if r.discrimination is None else 100 * r.discrimination),
          t("report.flag_sep").join(words[f] for f in r.flags)]
         for rec, r in zip(records, rows, strict=True)],
        right=(4, 5, 6), flex=(2, 0, 7),
    )
    if out.fmt == "xlsx":  # a workbook is read by people: flags in the interface language
        for rec in records:
            rec["flags"] = [words[f] for f in rec["flags"]]
    out.emit([(t("report.sheet.items"), records)], table, t("report.no_finished"))


def _item_rows(parent: dict, db: str | None, mode: str | None, content: tuple[str, ...],
               class_name: str | None = None):
    """The item statistics and each known question by id (options of the group too)."""
    bank = _bank(tuple(parent.get("content") or ()) + content)
    store = _open_store(db or parent.get("db"))
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
@lang_option
@click.pass_context
def levels_(ctx: click.Context, fmt: str | None, output: Path | None, db: str | None,
            mode: str | None, content: tuple[str, ...]) -> None:
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
    out = _output(fmt or parent.get("fmt"), output or parent.get("output"))
    rows, bank = _item_rows(parent, db, mode, content)
    level_of = {qid: q.level for qid, q in bank.items()}
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
    out.emit([(t("report.sheet.levels"), records)], table, t("report.no_finished"))
    if unknown and out.fmt == "table":
        from quizapp.untrusted import visible

        ids = ", ".join(visible(i, multiline=False) for i in unknown)
        click.echo(t("report.levels_unknown", n=len(unknown), ids=ids), err=True)
