"""Excel (.xlsx) and CSV question banks: the 题库 template most exam platforms use.

One question per row under a header row. Columns (Chinese or English headers, any order,
unknown columns ignored): 题型/type, 题干/prompt, 选项A…选项H (or A…H, option A…),
答案/answer, 解析/explain, 原文/quote, 标签/tags, 分值/points, id. See
``docs/import-print.md`` for the rules; :func:`write_template` writes an empty template with
one example row per type.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from quizapp.core.validate import FALSE_WORDS, TRUE_WORDS, type_of_word
from quizapp.i18n import t
from quizapp.importers.common import (
    Draft,
    Imported,
    ReadError,
    Skipped,
    check_zip,
    decode_text,
    read_file,
    where_row,
)

LETTERS = "ABCDEFGH"

_HEADERS = {
    "type": ("题型", "类型", "试题类型", "题目类型", "type", "questiontype"),
    "prompt": ("题干", "题目", "试题", "问题", "题目内容", "试题内容", "prompt", "question",
               "stem", "front"),
    "answer": ("答案", "正确答案", "参考答案", "标准答案", "answer", "answers", "correctanswer",
               "back"),
    "explain": ("解析", "答案解析", "试题解析", "解释", "explain", "explanation", "feedback"),
    "quote": ("原文", "出处", "quote"),
    "tags": ("标签", "知识点", "tags", "tag"),
    "points": ("分值", "分数", "points", "score"),
    "level": ("层次", "认知层次", "level"),
    "id": ("id", "编号"),
}
_HEADER_OF = {name: key for key, names in _HEADERS.items() for name in names}
for _i, _letter in enumerate(LETTERS):
    for _name in (f"选项{_letter}", _letter, f"option{_letter}", f"选项{_i + 1}", f"option{_i + 1}"):
        _HEADER_OF[_name.lower()] = f"option{_i}"


#: （　）, ( ), ____ : a blank in a fill stem
BLANK_RE = re.compile(r"（[\s　]*）|\([\s　]*\)|_{2,}|＿{2,}")
_LETTER_SEP = re.compile(r"[\s,，、;；/|]+")
_BLANK_SEP = re.compile(r"[|｜;；]")
_ALT_SEP = re.compile(r"[/／]")
_TAG_SEP = re.compile(r"[\s,，、;；]+")
# a pair's arrow; the spaces around it are stripped (never ``\s*`` before it in the
# pattern: every start in a long run of spaces would scan the whole run)
_PAIR_SEP = re.compile(r"->|→|=|＝")


def _short(text: str, limit: int = 40) -> str:
    """A cell quoted in a message: at most ``limit`` characters (a cell may hold 60 KB)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _drop_trailing_blank(prompt: str) -> str:
    r"""``prompt`` without a blank ``（ ）`` or ``( )`` at its end (and the spaces around it);
    linear, unlike ``[\s　]*(（[\s　]*）|\([\s　]*\))[\s　]*\Z``."""
    text = prompt.rstrip()
    for left, right in (("（", "）"), ("(", ")")):
        if text.endswith(right):
            inner = text[:-1].rstrip()
            if inner.endswith(left):
                return inner[:-1].rstrip()
    return prompt


def _norm(header: object) -> str:
    return re.sub(r"[\s_:：*]+", "", unicodedata.normalize("NFKC", str(header or ""))).lower()


def _cell(value: object) -> str:
    """A cell as text: numbers without a trailing .0, everything trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "对" if value else "错"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(row: tuple) -> dict[str, int] | None:
    """Column index of each known field, when ``row`` is a header row (has a prompt column)."""
    columns: dict[str, int] = {}
    for index, value in enumerate(row):
        key = _HEADER_OF.get(_norm(value))
        if key and key not in columns:
            columns[key] = index
    return columns if "prompt" in columns else None


class _Rows:
    """Turns the rows of one sheet into drafts."""

    def __init__(self, out: Imported, path: str, sheet: str = "") -> None:
        self.out, self.path, self.sheet = out, path, sheet
        self.columns: dict[str, int] | None = None

    def add(self, number: int, row: tuple) -> None:
        if self.columns is None:
            self.columns = _header(row)
            return
        cols = self.columns
        cells = {key: _cell(row[i]) if i < len(row) else "" for key, i in cols.items()}
        if not any(cells.values()):
            return
        where = where_row(self.path, number, self.sheet)
        try:
            data = _question(cells)
        except ValueError as exc:
            self.out.skipped.append(Skipped(where, str(exc)))
            return
        self.out.drafts.append(Draft(data, where, cells.get("id", "")))


def _options(cells: dict[str, str]) -> list[str]:
    values = [cells.get(f"option{i}", "") for i in range(len(LETTERS))]
    while values and not values[-1]:
        values.pop()
    if "" in values:
        raise ValueError(t("import.table.option_gap", letter=LETTERS[values.index("")]))
    return values


def _letters(answer: str, count: int) -> list[int] | None:
    """``A``, ``AC``, ``A,C``, ``A、C`` as option indexes (None when it is not letters)."""
    text = _LETTER_SEP.sub("", unicodedata.normalize("NFKC", answer)).upper()
    if not text or any(c not in LETTERS for c in text):
        return None
    indexes = [LETTERS.index(c) for c in text]
    for i in indexes:
        if i >= count:
            raise ValueError(t("import.table.no_option", letter=LETTERS[i]))
    return indexes


def _guess_type(cells: dict[str, str], options: list[str]) -> str:
    answer = cells.get("answer", "")
    if options:
        letters = _letters(answer, len(options)) if answer else None
        return "multi" if letters and len(letters) > 1 else "choice"
    if answer.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return "truefalse"
    if BLANK_RE.search(cells.get("prompt", "")) or "{{c" in cells.get("prompt", ""):
        return "fill"
    return "card"


def _question(cells: dict[str, str]) -> dict:
    prompt = cells.get("prompt", "")
    if not prompt:
        raise ValueError(t("import.table.no_prompt"))
    options = _options(cells)
    raw_type = cells.get("type", "")
    qtype = type_of_word(raw_type) if raw_type else _guess_type(cells, options)
    if qtype is None:
        raise ValueError(t("import.table.unknown_type", type=_short(raw_type)))
    answer = cells.get("answer", "")
    data: dict = {"type": qtype}
    if qtype in ("choice", "multi"):
        data["prompt"] = prompt
        data["options"] = options
        picked = _letters(answer, len(options))
        if picked is None:
            if answer in options:  # the answer written out as an option's text
                picked = [options.index(answer)]
            else:
                raise ValueError(t("import.table.bad_letters", answer=_short(answer)))
        if qtype == "choice" and len(picked) != 1:
            raise ValueError(t("import.table.one_letter", answer=_short(answer)))
        chosen = [options[i] for i in dict.fromkeys(picked)]
        data["answer"] = chosen[0] if qtype == "choice" else chosen
    elif qtype == "truefalse":
        word = answer.strip().lower()
        if word not in TRUE_WORDS | FALSE_WORDS:
            raise ValueError(t("import.table.bad_truefalse", answer=_short(answer)))
        data["prompt"] = _drop_trailing_blank(prompt) or prompt
        data["answer"] = word in TRUE_WORDS
    elif qtype == "fill":
        data.update(_fill(prompt, answer))
    elif qtype == "match":
        data["prompt"] = prompt
        data["pairs"] = _pairs(options)
    elif qtype == "order":
        data["prompt"] = prompt
        picked = _letters(answer, len(options)) if answer else None
        data["items"] = [options[i] for i in picked] if picked else options
        if picked and sorted(picked) != list(range(len(options))):
            raise ValueError(t("import.table.bad_order", answer=_short(answer)))
    else:
        if not answer:
            raise ValueError(t("import.table.no_back"))
        data["front"], data["back"] = prompt, answer
    for key in ("explain", "quote", "level"):
        if cells.get(key):
            data[key] = cells[key]
    if cells.get("tags"):
        data["tags"] = [tag for tag in _TAG_SEP.split(cells["tags"]) if tag]
    if cells.get("points"):
        try:
            data["points"] = int(cells["points"])
        except ValueError:
            raise ValueError(t("import.table.bad_points", points=cells["points"])) from None
    return data


def _fill(prompt: str, answer: str) -> dict:
    if "{{c" in prompt:
        return {"prompt": prompt}
    blanks = BLANK_RE.findall(prompt)
    if not blanks:
        raise ValueError(t("import.table.no_blank"))
    answers = [a.strip() for a in _BLANK_SEP.split(answer)] if answer.strip() else []
    if len(answers) != len(blanks):
        raise ValueError(t("import.table.blank_count", blanks=len(blanks), answers=len(answers)))
    accept: dict[int, list[str]] = {}
    parts = iter(answers)
    number = 0

    def cloze(_m: re.Match) -> str:
        nonlocal number
        number += 1
        alternatives = [a.strip() for a in _ALT_SEP.split(next(parts)) if a.strip()]
        if not alternatives:
            raise ValueError(t("import.table.empty_blank", number=number))
        if alternatives[1:]:
            accept[number] = alternatives[1:]
        return f"{{{{c{number}::{alternatives[0]}}}}}"

    out: dict = {"prompt": BLANK_RE.sub(cloze, prompt)}
    if accept:
        out["accept"] = accept
    return out


def _pairs(options: list[str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for letter, option in zip(LETTERS, options, strict=False):
        arrow = _PAIR_SEP.search(option)
        parts = ([option[:arrow.start()].rstrip(), option[arrow.end():].lstrip()]
                 if arrow else [option])
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise ValueError(t("import.table.bad_pair", letter=letter))
        if parts[0] in pairs:
            raise ValueError(t("import.table.repeated_left", letter=letter))
        pairs[parts[0]] = parts[1]
    return pairs


# --- reading files ------------------------------------------------------------------------


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def merged_down(path: Path) -> dict[str, dict[int, list[tuple[int, int]]]]:
    """For each sheet (by title), the cells merged down: column -> [(first row, last row)].

    A cell merged over several rows (a 题型 of 判断题 written once beside its questions)
    holds its value in the first row only; the rows below read as empty. The merges are
    read from the workbook's own XML (openpyxl's fast reader does not give them)."""
    import posixpath
    import xml.etree.ElementTree as ET
    import zipfile

    from openpyxl.utils.cell import range_boundaries

    out: dict[str, dict[int, list[tuple[int, int]]]] = {}
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            return out
        targets = {rel.get("Id"): rel.get("Target", "")
                   for rel in ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
                   if rel.tag == f"{_NS_PKG}Relationship"}
        for sheet in ET.fromstring(archive.read("xl/workbook.xml")).iter(f"{_NS_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_NS_REL}id"), "")
            member = (target.lstrip("/") if target.startswith("/")
                      else posixpath.normpath(posixpath.join("xl", target)))
            if member not in names:
                continue
            columns: dict[int, list[tuple[int, int]]] = {}
            with archive.open(member) as fh:
                for _event, element in ET.iterparse(fh):
                    if element.tag == f"{_NS_MAIN}mergeCell":
                        try:
                            min_col, min_row, _max_col, max_row = range_boundaries(
                                element.get("ref", ""))
                        except (ValueError, TypeError):
                            continue
                        if (min_col is not None and min_row is not None and max_row is not None
                                and max_row > min_row):
                            columns.setdefault(min_col - 1, []).append((min_row, max_row))
                    element.clear()
            if columns:
                out[sheet.get("name", "")] = columns
    return out


def _carried_down(row: tuple, number: int, merges: dict[int, list[tuple[int, int]]],
                  tops: dict[tuple[int, int], object]) -> tuple:
    """``row`` with each cell merged down from a row above holding that row's value."""
    cells = list(row)
    for column, spans in merges.items():
        for first, last in spans:
            if number == first and column < len(cells):
                tops[(column, first)] = cells[column]
            elif first < number <= last:
                while len(cells) <= column:
                    cells.append(None)
                if cells[column] is None:
                    cells[column] = tops.get((column, first))
    return tuple(cells)


def read_xlsx(path: Path, name: str) -> Imported:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_zip(path, name)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ReadError(t("import.table.not_xlsx", path=name, error=exc)) from None
    except Exception as exc:  # zipfile.BadZipFile and friends: not a workbook
        raise ReadError(t("import.table.not_xlsx", path=name, error=exc)) from None
    out = Imported()
    found = False
    try:
        merges = merged_down(path)
    except Exception:  # noqa: BLE001 - openpyxl read the book; without its merges it still reads
        merges = {}
    try:
        for sheet in book.worksheets:
            rows = _Rows(out, name, sheet.title if len(book.worksheets) > 1 else "")
            merged = merges.get(sheet.title, {})
            tops: dict[tuple[int, int], object] = {}
            for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
                if rows.columns is None and number > 10:
                    break
                rows.add(number, _carried_down(row, number, merged, tops) if merged else row)
            found = found or rows.columns is not None
    finally:
        book.close()
    if not found:
        raise ReadError(t("import.table.no_header", path=name))
    return out


def read_csv(path: Path, name: str) -> Imported:
    text = decode_text(read_file(path, name), name)
    sample = text[:4096]
    delimiter = max((",", "\t", ";"), key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = Imported()
    rows = _Rows(out, name)
    line = 1
    try:
        for row in reader:
            rows.add(line, tuple(row))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ReadError(f"{name}:{reader.line_num}: {exc}") from None
    if rows.columns is None:
        raise ReadError(t("import.table.no_header", path=name))
    return out


def looks_like_table(text: str) -> bool:
    """Whether a text file's first line is the header row of a question table (tabs or
    commas between known column names, a prompt column among them)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    for delimiter in ("\t", ","):
        if delimiter in first:
            row = next(csv.reader([first], delimiter=delimiter), [])
            if _header(tuple(row)) is not None:
                return True
    return False


def read(path: Path, name: str) -> Imported:
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        return read_csv(path, name)
    return read_xlsx(path, name)


# --- the template ---------------------------------------------------------------------------

TEMPLATE_HEADER = ("题型", "题干", *(f"选项{c}" for c in LETTERS), "答案", "解析", "原文",
                   "标签", "分值", "层次", "id")
TEMPLATE_ROWS = (
    ("单选", "长株潭一体化不是选择题，而是（　）", "必答题", "软任务", "附加题", "", "", "", "",
     "", "A", "文章说一体化是必答题。", "长株潭一体化不是选择题，而是必答题", "总览", 1, "识记",
     "example-choice"),
    ("多选", "“三个藩篱”指哪些？", "行政边界", "产业同质", "资源分散", "地理阻隔", "", "", "",
     "", "ABC", "", "", "三个藩篱", 2, "理解", ""),
    ("判断", "长株潭一体化是一道选择题。（　）", "", "", "", "", "", "", "", "", "错", "", "",
     "", "", "识记", ""),
    ("填空", "长株潭三市同饮____，有着共同的底色、共同的（　）。", "", "", "", "", "", "", "",
     "", "一江水|基因", "多个空用 | 分隔，一个空的其他答案用 / 分隔。", "", "", "", "识记", ""),
    ("连线", "把城市和它的产业连起来。", "长沙=工程机械", "株洲=轨道交通", "湘潭=新能源材料",
     "", "", "", "", "", "", "", "", "", "", "理解", ""),
    ("排序", "按文章的顺序排列“三盘棋”。", "产业棋", "制度棋", "民生棋", "", "", "", "", "",
     "ABC", "选项按任意顺序写，答案按正确顺序写字母；不写答案时选项的顺序就是正确顺序。", "",
     "", "", "理解", ""),
    ("闪卡", "“三个藩篱”指什么？", "", "", "", "", "", "", "", "", "行政边界、产业同质、资源分散。",
     "", "", "", "", "识记", ""),
)


def write_template(fh) -> None:
    """An .xlsx with the header row, one example row per type and a sheet of notes."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    sheet.title = "题库"
    sheet.append(TEMPLATE_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in TEMPLATE_ROWS:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["B"].width = 40
    notes = book.create_sheet("说明 notes")
    for line in t("import.template_notes").split("\n"):
        notes.append((line,))
    notes.column_dimensions["A"].width = 100
    book.save(fh)
