"""Report files: the class reports' tables (lists of records, one dict per row) as CSV text
and as an Excel workbook (one worksheet per table).

Every text cell goes through :func:`quizapp.untrusted.csv_cell` (CSV) or
:func:`quizapp.untrusted.sheet_text` (xlsx, a typed text cell): shown as plain text, never
read as a formula by a spreadsheet. Numbers stay numbers; percentages, fractions,
scores and times get their cell formats in xlsx.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from quizapp.untrusted import csv_cell, sheet_text, visible

#: columns that hold a percentage (0-100), a fraction (0-1) or a score: rounded to two
#: decimals in CSV (JSON keeps full precision), formatted as such in xlsx
PERCENT_KEYS = frozenset({"best", "last", "average", "percent"})
FRACTION_KEYS = frozenset({"facility", "discrimination"})
SCORE_KEYS = frozenset({"score"})
#: columns that hold a time: UTC ISO 8601 text in JSON; the school's local time in CSV
#: (ISO 8601 with its offset) and xlsx (a date cell, the zone named in the header)
TIME_KEYS = frozenset({"started", "finished_at", "last_wrong"})


def local_zone(at: datetime | None = None) -> str:
    """The computer's (the school's) time zone as ``UTC+08:00`` (``UTC`` at offset 0)."""
    offset = (at or datetime.now().astimezone()).astimezone().strftime("%z")
    if offset in ("", "+0000"):
        return "UTC"
    return f"UTC{offset[:3]}:{offset[3:]}"


def local_time(value: str) -> datetime:
    """A stored ISO 8601 time (UTC) in the school's local time."""
    return datetime.fromisoformat(value).astimezone()

Records = Sequence[Mapping[str, Any]]


def _csv_value(key: str, value: Any) -> Any:
    if value is None:
        return ""
    if key in TIME_KEYS and isinstance(value, str):
        return local_time(value).isoformat(timespec="seconds")
    if isinstance(value, float) and key in PERCENT_KEYS | SCORE_KEYS:
        return round(value, 2)
    if isinstance(value, list):
        value = ";".join(map(str, value))
    return csv_cell(value)


def csv_text(records: Records, headers: Mapping[str, str] | None = None) -> str:
    """The records as CSV, with a header row (``headers`` by key, else the keys as JSON
    names them; ``""`` for no records)."""
    if not records:
        return ""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(records[0]), lineterminator="\n")
    names = headers or {}
    writer.writerow({k: csv_cell(names.get(k, k)) for k in records[0]})
    for rec in records:
        writer.writerow({k: _csv_value(k, v) for k, v in rec.items()})
    return buf.getvalue()


def sheet_title(title: str) -> str:
    """An Excel sheet name: at most 31 characters, none of the characters Excel forbids."""
    for ch in "[]:*?/" + chr(92):
        title = title.replace(ch, " ")
    return title[:31] or "report"


def _xlsx_value(key: str, value: Any) -> Any:
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    if isinstance(value, bool):
        value = int(value)
    if key in PERCENT_KEYS and isinstance(value, int | float):
        value = value / 100
    if key in TIME_KEYS and isinstance(value, str):
        value = local_time(value).replace(tzinfo=None)  # local, the header names the zone
    return value


def _number_format(key: str) -> str | None:
    return ("0.00%" if key in PERCENT_KEYS else "0.0%" if key in FRACTION_KEYS
            else "0.00" if key in SCORE_KEYS else "yyyy-mm-dd hh:mm" if key in TIME_KEYS
            else None)


def write_xlsx(path: Path, sheets: Sequence[tuple[str, Records]],
               headers: Mapping[str, str], empty: str, title: str | None = None, *,
               mode: int | None = None) -> None:
    """One worksheet per ``(title, records)``: the header row in words (``headers`` by key,
    else the key), numbers as numbers, percentages as percentages, every text cell defused;
    a table without records says ``empty``; ``title`` is the workbook's title (its
    properties). Written atomically (:mod:`quizapp.files`), with permissions ``mode``
    (default: the usual ones)."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from quizapp.files import write_atomic

    book = openpyxl.Workbook()
    if book.active is not None:
        book.remove(book.active)  # the blank first sheet
    if title:
        book.properties.title = visible(title, multiline=False)
    for title, records in sheets:
        sheet = book.create_sheet(sheet_title(title))
        if not records:
            sheet_text(sheet.cell(1, 1), empty)
            continue
        keys = list(records[0])
        for col, k in enumerate(keys, 1):
            sheet_text(sheet.cell(1, col), headers.get(k, k))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row, rec in enumerate(records, 2):
            for col, k in enumerate(keys, 1):
                value = _xlsx_value(k, rec[k])
                if isinstance(value, str):
                    sheet_text(sheet.cell(row, col), value)
                else:
                    sheet.cell(row, col, value)
        for col, k in enumerate(keys, 1):
            fmt = _number_format(k)
            if fmt:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                    cell.number_format = fmt
            width = max(len(str(sheet.cell(1, col).value)) * 2, 8)
            letter = get_column_letter(col)
            sheet.column_dimensions[letter].width = min(width, 60)
        sheet.freeze_panes = "A2"
    write_atomic(path, book.save, mode=mode)
