"""A class roster from a spreadsheet: ``.xlsx`` or ``.csv`` (UTF-8 with or without BOM, or GBK).

One student a row: the name, and optionally the student number. A header row is optional;
with one (姓名/name, 学号/number, any order, other columns ignored) the columns are found by
their headers, without one the first column is the name and the second the number. Empty
rows are skipped. Every row that cannot be taken is a problem located at its row; a roster
with problems is not used at all.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.core.roster import RosterEntry
from quizapp.i18n import t
from quizapp.importers.common import ReadError, decode_text, where_row
from quizapp.untrusted import find_controls

NAME_HEADERS = {"姓名", "名字", "学生", "学生姓名", "name", "student", "studentname",
                "fullname"}
#: A student number's headers, best first: a school's own number before a plain "编号"/"id".
NUMBER_HEADERS = ("学号", "学籍号", "学生学号", "全国学籍号", "studentnumber", "studentno",
                  "studentid", "number", "编号", "id")
#: A row counter's headers: never a student number.
COUNTER_HEADERS = {"序号", "行号", "no", "#", "nr", "row", "编码序号"}
#: How far down a sheet the header row is looked for (title rows above it are skipped).
HEADER_SEARCH_ROWS = 10
MAX_NAME = 200
MAX_NUMBER = 64
MAX_ROWS = 5000


@dataclass
class Roster:
    entries: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: where the header row was (0: none), and the rows above it that were skipped
    header_row: int = 0
    title_rows: list[int] = field(default_factory=list)
    #: the headers of the columns used for names and numbers ("": no header / no column)
    name_header: str = ""
    number_header: str = ""
    #: headers of columns left out on purpose (a row counter such as 序号)
    counter_headers: list[str] = field(default_factory=list)
    #: a number column found to hold 1, 2, 3... (a row counter): its numbers were not used
    counter_numbers: bool = False

    def how_read(self) -> list[str]:
        """What was used for what, in the interface language (one line each)."""
        lines = []
        if self.header_row:
            lines.append(t("roster.used_header", row=self.header_row,
                           titles=len(self.title_rows)) if self.title_rows
                         else t("roster.used_header_first", row=self.header_row))
            lines.append(t("roster.used_name", column=self.name_header))
            if self.number_header and not self.counter_numbers:
                lines.append(t("roster.used_number", column=self.number_header))
            else:
                lines.append(t("roster.no_number_column"))
        else:
            lines.append(t("roster.used_no_header"))
        for header in self.counter_headers:
            lines.append(t("roster.counter_left_out", column=header))
        if self.counter_numbers:
            lines.append(t("roster.counter_numbers", column=self.number_header or "2"))
        return lines


def _norm(value: object) -> str:
    return re.sub(r"[\s_:：*.]+", "", unicodedata.normalize("NFKC", str(value or ""))).lower()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def _rows_csv(path: Path, name: str):
    text = decode_text(path.read_bytes(), name)
    delimiter = max((",", "\t", ";"), key=text[:4096].count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for row in reader:
            yield line, "", tuple(row)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ReadError(f"{name}:{reader.line_num}: {exc}") from None


def _rows_xlsx(path: Path, name: str):
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - a file that is not a workbook, in any way
        raise ReadError(t("roster.not_xlsx", path=name, error=exc)) from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, "", tuple(row)
    finally:
        book.close()


def _find_header(cells: list[str]) -> tuple[int, int, list[str]] | None:
    """``(name column, number column or -1, counter headers)`` when ``cells`` is a header
    row, else ``None``."""
    headers = [_norm(c) for c in cells]
    names = [i for i, h in enumerate(headers) if h in NAME_HEADERS]
    if not names:
        return None
    number_col = -1
    for wanted in NUMBER_HEADERS:
        found = [i for i, h in enumerate(headers) if h == wanted]
        if found:
            number_col = found[0]
            break
    counters = [cells[i] for i, h in enumerate(headers) if h in COUNTER_HEADERS]
    return names[0], number_col, counters


def _looks_like_number(name: str) -> bool:
    return bool(re.fullmatch(r"[\d\s.\-/]+", name))


def read_roster(path: Path, name: str | None = None) -> Roster:
    """Read a roster file; :class:`ReadError` when the file cannot be read at all.

    The header row is looked for in the first rows (title rows such as
    ``高一(4)班学生名单`` above it are skipped); the name column is 姓名/name, the number
    column 学号/学籍号/student number (a 序号 row counter never is). Without a header the
    first column is the name and the second the number. A number column holding 1, 2,
    3... in order is a row counter: its numbers are left out, and said so
    (:meth:`Roster.how_read`)."""
    name = name or str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".txt"):
        raise ReadError(t("roster.bad_kind", path=name))
    if not path.is_file():
        raise ReadError(t("roster.missing", path=name))
    rows = _rows_xlsx(path, name) if suffix == ".xlsx" else _rows_csv(path, name)
    out = Roster()
    name_col, number_col = 0, 1
    pending: list[tuple[int, str, list[str]]] = []
    searching = True
    taken: list[_Row] = []
    for row_number, sheet, row in rows:
        cells = [_cell(c) for c in row]
        if not any(cells):
            continue
        if searching:
            header = _find_header(cells)
            if header is not None:
                searching = False
                name_col, number_col, out.counter_headers = header
                out.header_row = row_number
                out.title_rows = [r for r, _, _ in pending]
                out.name_header = cells[name_col]
                out.number_header = cells[number_col] if number_col >= 0 else ""
                pending = []
                continue
            pending.append((row_number, sheet, cells))
            if len(pending) < HEADER_SEARCH_ROWS:
                continue
            searching = False  # no header: the rows seen so far are students
            for held in pending:
                taken.append(_entry(name, *held, name_col, number_col))
            pending = []
            continue
        taken.append(_entry(name, row_number, sheet, cells, name_col, number_col))
        if len(taken) > MAX_ROWS:
            raise ReadError(t("roster.too_many", path=name, limit=MAX_ROWS))
    for held in pending:  # a short file without a header
        taken.append(_entry(name, *held, name_col, number_col))
    numbers = [r.number for r in taken if r.number]
    if len(numbers) >= 2 and numbers == [str(i) for i in range(1, len(numbers) + 1)]:
        out.counter_numbers = True
        taken = [_Row(r.row, r.where, r.name, "", r.problem) for r in taken]
    seen: dict[str, tuple[int, str]] = {}
    numbers_seen: dict[str, int] = {}
    for taken_row in taken:
        if taken_row.problem:
            out.problems.append(taken_row.problem)
            continue
        row_number, where = taken_row.row, taken_row.where
        student, number = taken_row.name, taken_row.number
        before = seen.get(student)
        if before is not None and not (number and before[1] and number != before[1]):
            out.problems.append(f"{where}: {t('roster.duplicate', name=student, row=before[0])}")
            continue
        if number and number in numbers_seen:
            out.problems.append(f"{where}: "
                                f"{t('roster.duplicate_number', number=number, row=numbers_seen[number])}")
            continue
        seen[student] = (row_number, number)
        if number:
            numbers_seen[number] = row_number
        out.entries.append(RosterEntry(student, number))
    if not out.entries and not out.problems:
        out.problems.append(t("roster.empty", path=name))
    return out


@dataclass(frozen=True, slots=True)
class _Row:
    row: int
    where: str
    name: str = ""
    number: str = ""
    problem: str = ""


def _entry(path: str, row_number: int, sheet: str, cells: list[str], name_col: int,
           number_col: int) -> _Row:
    """One row, or what is wrong with it."""
    where = where_row(path, row_number, sheet)
    student = cells[name_col] if name_col < len(cells) else ""
    number = cells[number_col] if 0 <= number_col < len(cells) else ""
    student = " ".join(student.split())
    if not student:
        return _Row(row_number, where, problem=f"{where}: {t('roster.no_name')}")
    bad = find_controls(student) or find_controls(number)
    if bad is not None:
        return _Row(row_number, where, problem=f"{where}: {t('roster.control', char=bad)}")
    if len(student) > MAX_NAME or len(number) > MAX_NUMBER:
        return _Row(row_number, where, problem=f"{where}: {t('roster.too_long', limit=MAX_NAME)}")
    if _looks_like_number(student):
        return _Row(row_number, where, problem=f"{where}: {t('roster.name_is_number', name=student)}")
    if _norm(student) in NAME_HEADERS or _norm(student) in NUMBER_HEADERS:
        return _Row(row_number, where, problem=f"{where}: {t('roster.name_is_header', name=student)}")
    return _Row(row_number, where, student, number)
