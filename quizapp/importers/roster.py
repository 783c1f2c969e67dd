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
from quizapp.importers.common import ReadError, check_zip, decode_text, read_file, where_row
from quizapp.untrusted import find_controls

NAME_HEADERS = {"姓名", "名字", "学生", "学生姓名", "name", "student", "studentname"}
NUMBER_HEADERS = {"学号", "编号", "序号", "number", "no", "studentnumber", "studentno", "id"}
MAX_NAME = 200
MAX_NUMBER = 64


@dataclass
class Roster:
    entries: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _norm(value: object) -> str:
    return re.sub(r"[\s_:：*.]+", "", unicodedata.normalize("NFKC", str(value or ""))).lower()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def _rows_csv(path: Path, name: str):
    text = decode_text(read_file(path, name), name)
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

    check_zip(path, name)
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


def read_roster(path: Path, name: str | None = None) -> Roster:
    """Read a roster file; :class:`ReadError` when the file cannot be read at all."""
    name = name or str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".txt"):
        raise ReadError(t("roster.bad_kind", path=name))
    if not path.is_file():
        raise ReadError(t("roster.missing", path=name))
    rows = _rows_xlsx(path, name) if suffix == ".xlsx" else _rows_csv(path, name)
    out = Roster()
    name_col, number_col = 0, 1
    seen: dict[str, int] = {}
    first = True
    for row_number, sheet, row in rows:
        cells = [_cell(c) for c in row]
        if not any(cells):
            continue
        if first:
            first = False
            headers = [_norm(c) for c in cells]
            if any(h in NAME_HEADERS for h in headers):
                name_col = next(i for i, h in enumerate(headers) if h in NAME_HEADERS)
                number_col = next((i for i, h in enumerate(headers) if h in NUMBER_HEADERS), -1)
                continue
        where = where_row(name, row_number, sheet)
        student = cells[name_col] if name_col < len(cells) else ""
        number = cells[number_col] if 0 <= number_col < len(cells) else ""
        student = " ".join(student.split())
        if not student:
            out.problems.append(f"{where}: {t('roster.no_name')}")
            continue
        bad = find_controls(student) or find_controls(number)
        if bad is not None:
            out.problems.append(f"{where}: {t('roster.control', char=bad)}")
            continue
        if len(student) > MAX_NAME or len(number) > MAX_NUMBER:
            out.problems.append(f"{where}: {t('roster.too_long', limit=MAX_NAME)}")
            continue
        if student in seen:
            out.problems.append(f"{where}: {t('roster.duplicate', name=student, row=seen[student])}")
            continue
        seen[student] = row_number
        out.entries.append(RosterEntry(student, number))
    if not out.entries and not out.problems:
        out.problems.append(t("roster.empty", path=name))
    return out
