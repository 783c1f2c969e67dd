"""Printed exam papers: questions -> a PDF a teacher hands out, with its answer key.

:func:`plan` decides what each version holds (pure: which questions, in which order,
options shuffled, the answers in that version's letters); :func:`render` draws it with
fpdf2 and the Noto Sans CJK SC font from the ``noto-cjk-sans-otc`` package, embedded as
a subset, so the paper prints the same on any computer. Lines are broken by
:mod:`quizapp.core.linebreak` (the kinsoku rules: no line starts with ，。、 and the like).

A paper: a header (school, class, name, number and score lines, the title, the time and
the marks), the questions grouped by type (一、单项选择题 …) with one instruction per
group and numbered through, options laid out in 4, 2 or 1 columns as they fit, blanks
drawn as lines, match and order as tables; then an answer sheet. The answer key, with
explanations and quotes, follows every version on pages of its own (or goes to a file of
its own). The same seed gives the same file, byte for byte.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from quizapp.core.linebreak import break_lines, break_pieces
from quizapp.core.model import (
    CLOZE_RE,
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    Question,
    TrueFalseQuestion,
)
from quizapp.i18n import t
from quizapp.untrusted import visible

#: the order of the groups on a paper
GROUP_ORDER = ("choice", "multi", "truefalse", "fill", "match", "order", "card", "short")
LETTERS = "ABCDEFGH"
#: an answer bracket the teacher wrote in the stem: the paper's own goes there, not after it
STEM_BRACKET = re.compile(r"[（(][ \t\u3000]*[)）]")
_QUESTION_MARKS = ("？", "?")


def group_of(q: Question) -> str:
    """The group a question is printed in: its type, except that a card whose front asks
    something (ends with a question mark) is a short-answer question, and one that names a
    term is a term to explain (名词解释)."""
    if isinstance(q, CardQuestion) and q.front.rstrip().endswith(_QUESTION_MARKS):
        return "short"
    return q.type


# --- the plan (pure) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A question as it appears in one version: its number and its shuffled parts."""

    number: int
    question: Question
    #: choice/multi options, match right items or order items, in the order printed
    shown: tuple[str, ...] = ()


@dataclass(frozen=True)
class Version:
    name: str
    groups: tuple[tuple[str, tuple[Item, ...]], ...]

    @property
    def items(self) -> list[Item]:
        return [item for _, items in self.groups for item in items]


@dataclass(frozen=True)
class Paper:
    title: str
    minutes: int | None
    versions: tuple[Version, ...]
    points: int
    seed: str


def _rng(*parts: object) -> random.Random:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def select(questions: Sequence[Question], count: int | None, seed: str) -> list[Question]:
    """``count`` questions drawn by ``seed`` (all of them without a count), in bank order."""
    if count is None or count >= len(questions):
        return list(questions)
    picked = set(_rng("select", seed).sample(range(len(questions)), count))
    return [q for i, q in enumerate(questions) if i in picked]


def _shown(q: Question, rng: random.Random) -> tuple[str, ...]:
    if isinstance(q, ChoiceQuestion | MultiQuestion):
        options = list(q.options)
        if q.shuffle:
            rng.shuffle(options)
        return tuple(options)
    if isinstance(q, MatchQuestion):
        rights = list(q.rights)
        rng.shuffle(rights)
        return tuple(rights)
    if isinstance(q, OrderQuestion):
        items = list(q.items)
        while len(items) > 1 and items == list(q.items):
            rng.shuffle(items)
        return tuple(items)
    return ()


def plan(questions: Sequence[Question], *, title: str, versions: Sequence[str] = ("A",),
         seed: str = "1", minutes: int | None = None) -> Paper:
    """Every version of a paper: the same questions, each version in its own order."""
    built = []
    for name in versions:
        rng = _rng("version", seed, name)
        by_type: dict[str, list[Question]] = {}
        for q in questions:
            by_type.setdefault(group_of(q), []).append(q)
        groups = []
        number = 0
        for qtype in GROUP_ORDER:
            members = list(by_type.get(qtype, ()))
            if not members:
                continue
            if len(versions) > 1 or name != "A":
                rng.shuffle(members)
            items = []
            for q in members:
                number += 1
                items.append(Item(number, q, _shown(q, rng)))
            groups.append((qtype, tuple(items)))
        built.append(Version(name, tuple(groups)))
    return Paper(title, minutes, tuple(built), sum(q.points for q in questions), seed)


def answer_text(item: Item) -> str:
    """The answer as the key prints it, in this version's letters."""
    q = item.question
    if isinstance(q, ChoiceQuestion):
        return LETTERS[item.shown.index(q.answer)]
    if isinstance(q, MultiQuestion):
        return "".join(LETTERS[i] for i, o in enumerate(item.shown) if o in q.answers)
    if isinstance(q, TrueFalseQuestion):
        return t("paper.true") if q.answer else t("paper.false")
    if isinstance(q, FillQuestion):
        return t("paper.list_sep").join(" / ".join(b.accepted) for b in q.blanks)
    if isinstance(q, MatchQuestion):
        return t("paper.list_sep").join(f"({i}) {LETTERS[item.shown.index(b)]}"
                                        for i, (_, b) in enumerate(q.pairs, 1))
    if isinstance(q, OrderQuestion):
        return "".join(LETTERS[item.shown.index(x)] for x in q.items)
    if isinstance(q, CardQuestion):
        return q.back
    return ""  # pragma: no cover - every type is handled above


# --- drawing ---------------------------------------------------------------------------------

PT = 25.4 / 72  # millimetres per point
BODY, SMALL, HEADING, TITLE = 10.5, 9.0, 11.0, 16.0
LEADING = 1.55


@dataclass
class _Blank:
    """A blank in a fill question: a line as wide as its longest answer (at least 18 mm)."""

    width: float


@dataclass
class _Layout:
    left: float = 18.0
    right: float = 18.0
    top: float = 16.0
    bottom: float = 16.0
    page_w: float = 210.0
    page_h: float = 297.0

    @property
    def width(self) -> float:
        return self.page_w - self.left - self.right


@dataclass
class _Whole:
    """Text that is never broken across lines (the answer brackets ``（　　）``)."""

    text: str
    width: float


def _font_path() -> str:
    from noto_cjk_sans_otc import FONT_PATH

    return str(FONT_PATH)


#: Noto Sans CJK collection: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
SC_FONT_NUMBER = 2


@dataclass
class _Writer:
    """Draws lines on pages, starting a new page when the next block does not fit."""

    pdf: object
    layout: _Layout = field(default_factory=_Layout)
    footer_text: str = ""
    y: float = 0.0
    size: float = BODY
    first_page: int | None = None
    footer_key: str = "paper.page"

    def font(self, size: float, gray: int = 0) -> None:
        self.size = size
        self.pdf.set_font("noto", size=size)
        self.pdf.set_text_color(gray)

    @property
    def lh(self) -> float:
        return self.size * PT * LEADING

    def measure(self, text: str) -> float:
        return self.pdf.get_string_width(text)

    def page(self) -> None:
        self.pdf.add_page()
        self.y = self.layout.top
        if self.first_page is None:
            self.first_page = self.pdf.page_no()
        if self.footer_text:
            size, pdf = self.size, self.pdf
            pdf.set_font("noto", size=SMALL)
            pdf.set_text_color(90)
            number = pdf.page_no() - self.first_page + 1  # each version counts from 1
            label = t(self.footer_key, version=self.footer_text, page=number)
            pdf.text(self.layout.page_w / 2 - pdf.get_string_width(label) / 2,
                     self.layout.page_h - 9, label)
            self.font(size)

    def room(self, height: float) -> None:
        """Start a new page unless ``height`` more millimetres fit on this one."""
        if self.y + height > self.layout.page_h - self.layout.bottom:
            self.page()

    def lines(self, text: str, width: float | None = None, hanging: float = 0.0) -> list[str]:
        return break_lines(text, width or self.layout.width, self.measure, hanging=hanging)

    def write(self, lines: Sequence[str], x: float | None = None, hanging: float = 0.0,
              first_x: float | None = None) -> None:
        """Draw ``lines`` one under another (breaking pages between lines)."""
        x = self.layout.left if x is None else x
        for i, line in enumerate(lines):
            self.room(self.lh)
            start = (first_x if first_x is not None else x) if i == 0 else x + hanging
            self.pdf.text(start, self.y + self.lh * 0.72, line)
            self.y += self.lh

    def para(self, text: str, x: float | None = None, width: float | None = None,
             hanging: float = 0.0) -> None:
        x = self.layout.left if x is None else x
        width = width or (self.layout.left + self.layout.width - x)
        self.write(self.lines(text, width, hanging), x, hanging)

    def rule(self, x1: float, x2: float, y: float) -> None:
        self.pdf.line(x1, y, x2, y)


def _pieces_for_fill(q: FillQuestion, measure: Callable[[str], float]) -> list:
    pieces: list = []
    pos = 0
    blanks = {b.number: b for b in q.blanks}
    for m in CLOZE_RE.finditer(q.prompt):
        if m.start() > pos:
            pieces.append(q.prompt[pos:m.start()])
        blank = blanks[int(m.group(1))]
        width = max(18.0, max(measure(a) for a in blank.accepted) + 8.0)
        pieces.append(_Blank(width))
        if m.group(3):
            pieces.append(t("paper.hint", hint=m.group(3)))
        pos = m.end()
    if pos < len(q.prompt):
        pieces.append(q.prompt[pos:])
    return pieces


class _PaperDrawer:
    def __init__(self, pdf, version: Version, paper: Paper) -> None:
        self.w = _Writer(pdf, footer_text=version.name)
        self.version = version
        self.paper = paper

    # header -------------------------------------------------------------------------------
    def header_fields(self) -> None:
        w = self.w
        w.font(BODY)
        labels = [t(f"paper.field.{k}") for k in ("school", "class", "name", "number", "score")]
        slot = w.layout.width / len(labels)
        w.room(w.lh * 1.6)
        base = w.y + w.lh
        for i, label in enumerate(labels):
            x = w.layout.left + i * slot
            w.pdf.text(x, base, label)
            lx = x + w.measure(label) + 1
            w.rule(lx, x + slot - 3, base + 0.8)
        w.y += w.lh * 1.8

    def title(self, title: str, subtitle: str) -> None:
        w = self.w
        w.font(TITLE)
        for line in w.lines(title):
            w.room(w.lh)
            w.pdf.text(w.layout.left + (w.layout.width - w.measure(line)) / 2,
                       w.y + w.lh * 0.72, line)
            w.y += w.lh
        w.font(BODY, gray=60)
        for line in w.lines(subtitle):
            w.pdf.text(w.layout.left + (w.layout.width - w.measure(line)) / 2,
                       w.y + w.lh * 0.72, line)
            w.y += w.lh
        w.font(BODY)
        w.y += w.lh * 0.4

    def subtitle(self) -> str:
        parts = [t("paper.version", version=self.version.name)]
        if self.paper.minutes:
            parts.append(t("paper.minutes", minutes=self.paper.minutes))
        parts.append(t("paper.total", points=self.paper.points))
        return "　".join(parts)

    # groups -------------------------------------------------------------------------------
    def group_heading(self, index: int, qtype: str, items: Sequence[Item]) -> None:
        w = self.w
        points = sum(i.question.points for i in items)
        numerals = t("paper.numerals").split()
        heading = t("paper.group", numeral=numerals[index], name=t(f"paper.type.{qtype}"),
                    count=len(items), points=points, instruction=t(f"paper.instruction.{qtype}"))
        w.font(HEADING)
        lines = w.lines(heading, hanging=0)
        w.room(w.lh * (len(lines) + 2))  # a heading never ends a page
        w.y += w.lh * 0.3
        w.write(lines)
        w.font(BODY)
        w.y += w.lh * 0.2

    def question(self, item: Item) -> None:
        q = item.question
        w = self.w
        label = f"{item.number}. "
        indent = w.measure(f"{item.number:>2}. ")
        x = w.layout.left
        width = w.layout.width - indent
        pieces: list = [t("paper.points", points=q.points)] if q.points != 1 else []
        if isinstance(q, FillQuestion):
            pieces += _pieces_for_fill(q, w.measure)
        else:
            stem = (q.front if isinstance(q, CardQuestion) else q.prompt).rstrip()
            if isinstance(q, ChoiceQuestion | MultiQuestion | TrueFalseQuestion):
                bracket = _Whole(t("paper.bracket"), w.measure(t("paper.bracket")))
                parts = STEM_BRACKET.split(stem)
                for i, part in enumerate(parts):  # the stem's own （　） becomes the bracket
                    if i:
                        pieces.append(bracket)
                    if part:
                        pieces.append(part)
                if len(parts) == 1:
                    pieces.append(bracket)
            else:
                pieces.append(stem)
        if isinstance(q, MatchQuestion):  # the stem stays on the page of its table
            stem_lines = break_pieces(pieces, width, w.measure, piece_width=lambda b: b.width)
            rows, widths = self.match_table(item, width)
            needed = (len(stem_lines) + 0.2) * w.lh + sum(
                height for _, height in self.laid_table(rows, widths))
            if needed <= w.layout.page_h - w.layout.top - w.layout.bottom:
                w.room(needed)
        self.pieces(pieces, label, indent)
        if isinstance(q, ChoiceQuestion | MultiQuestion):
            self.options(item.shown, x + indent, width)
        elif isinstance(q, MatchQuestion):
            self.match(item, x + indent, width)
        elif isinstance(q, OrderQuestion):
            self.order(item, x + indent, width)
        elif isinstance(q, CardQuestion):
            self.answer_lines(x + indent, width, max(2, min(6, len(q.back) // 28 + 2)))
        w.y += w.lh * 0.35

    def pieces(self, pieces: list, label: str, indent: float) -> None:
        """A numbered paragraph of text and unbreakable pieces (blanks, the answer brackets)."""
        w = self.w
        width = w.layout.width - indent
        lines = break_pieces(pieces, width, w.measure, piece_width=lambda b: b.width)
        w.room(w.lh * min(len(lines) + 1, 4))
        w.pdf.text(w.layout.left, w.y + w.lh * 0.72, label)
        for line in lines:
            w.room(w.lh)
            x = w.layout.left + indent
            base = w.y + w.lh * 0.72
            for piece in line:
                if isinstance(piece, str):
                    w.pdf.text(x, base, piece)
                    x += w.measure(piece)
                elif isinstance(piece, _Whole):
                    w.pdf.text(x, base, piece.text)
                    x += piece.width
                else:
                    w.rule(x + 1, x + piece.width - 1, base + 0.8)
                    x += piece.width
            w.y += w.lh

    def options(self, options: Sequence[str], x: float, width: float) -> None:
        w = self.w
        labelled = [f"{LETTERS[i]}. {o}" for i, o in enumerate(options)]
        widest = max(w.measure(s) for s in labelled)
        for columns in (4, 2, 1):
            if columns == 1 or widest + 6 <= width / columns:
                break
        col_w = width / columns
        for start in range(0, len(labelled), columns):
            row = labelled[start:start + columns]
            if columns == 1:
                for text in row:
                    hang = w.measure("A. ")
                    w.write(w.lines(text, width, hanging=hang), x, hanging=hang)
                continue
            w.room(w.lh)
            for i, text in enumerate(row):
                w.pdf.text(x + i * col_w, w.y + w.lh * 0.72, text)
            w.y += w.lh

    def laid_table(self, rows: Sequence[Sequence[str]], widths: Sequence[float]
                   ) -> list[tuple[list[list[str]], float]]:
        """Each row's cells broken into lines, with the row's height."""
        w = self.w
        pad = 1.5
        laid = []
        for row in rows:
            cells = [w.lines(text, cw - 2 * pad) for text, cw in zip(row, widths, strict=True)]
            laid.append((cells, max(len(c) for c in cells) * w.lh + 2 * pad * 0.6))
        return laid

    def table(self, rows: Sequence[Sequence[str]], x: float, widths: Sequence[float]) -> None:
        """A bordered table; each cell's text broken to its column."""
        w = self.w
        pad = 1.5
        laid = self.laid_table(rows, widths)
        total = sum(height for _, height in laid)
        if total <= w.layout.page_h - w.layout.top - w.layout.bottom:
            w.room(total)  # the whole table on one page, when it fits on a page at all
        for cells, height in laid:
            w.room(height)
            top = w.y
            cx = x
            for lines, cw in zip(cells, widths, strict=True):
                w.pdf.rect(cx, top, cw, height)
                for j, line in enumerate(lines):
                    w.pdf.text(cx + pad, top + pad * 0.6 + j * w.lh + w.lh * 0.72, line)
                cx += cw
            w.y = top + height
        w.y += w.lh * 0.2

    def match(self, item: Item, x: float, width: float) -> None:
        rows, widths = self.match_table(item, width)
        self.w.y += self.w.lh * 0.2
        self.table(rows, x, widths)

    def match_table(self, item: Item, width: float
                    ) -> tuple[list[tuple[str, str, str]], tuple[float, float, float]]:
        q = item.question
        assert isinstance(q, MatchQuestion)
        rows = []
        lefts, rights = q.lefts, item.shown
        for i in range(max(len(lefts), len(rights))):
            left = f"({i + 1}) {lefts[i]}" if i < len(lefts) else ""
            right = f"{LETTERS[i]}. {rights[i]}" if i < len(rights) else ""
            rows.append((left, t("paper.bracket").strip(), right))
        blank_w = self.w.measure(t("paper.bracket")) + 4
        side = (width - blank_w) / 2
        return rows, (side, blank_w, side)

    def order(self, item: Item, x: float, width: float) -> None:
        rows = [(f"{LETTERS[i]}", text) for i, text in enumerate(item.shown)]
        self.w.y += self.w.lh * 0.2
        self.table(rows, x, (9.0, width - 9.0))
        w = self.w
        label = t("paper.order_answer")
        w.room(w.lh)
        w.pdf.text(x, w.y + w.lh * 0.72, label)
        w.rule(x + w.measure(label) + 1, x + w.measure(label) + 45, w.y + w.lh * 0.72 + 0.8)
        w.y += w.lh

    def answer_lines(self, x: float, width: float, count: int) -> None:
        w = self.w
        for _ in range(count):
            w.room(w.lh * 1.5)
            w.y += w.lh * 1.5
            w.rule(x, x + width, w.y)
        w.y += w.lh * 0.3

    # answer sheet -------------------------------------------------------------------------------
    def answer_sheet(self) -> None:
        w = self.w
        w.page()
        self.title(t("paper.sheet_title", title=self.paper.title),
                   t("paper.version", version=self.version.name))
        self.header_fields()
        for index, (qtype, items) in enumerate(self.version.groups):
            numerals = t("paper.numerals").split()
            w.font(HEADING)
            w.room(w.lh * 3)
            w.write([f"{numerals[index]}{t('paper.numeral_sep')}{t(f'paper.type.{qtype}')}"])
            w.font(BODY)
            if qtype in ("choice", "multi", "truefalse", "match", "order"):
                self.boxes(items, wide=qtype in ("match", "order"))
            else:
                for item in items:
                    lines = 1 if qtype == "fill" else 4
                    w.room(w.lh * 1.5 * lines)
                    w.pdf.text(w.layout.left, w.y + w.lh, f"{item.number}.")
                    for _ in range(lines):
                        w.y += w.lh * 1.5
                        w.rule(w.layout.left + 8, w.layout.left + w.layout.width, w.y)
                    w.y += w.lh * 0.3
            w.y += w.lh * 0.3

    def boxes(self, items: Sequence[Item], wide: bool) -> None:
        w = self.w
        per_row = 2 if wide else 5
        cell = w.layout.width / per_row
        height = w.lh * 1.6
        for start in range(0, len(items), per_row):
            w.room(height)
            for i, item in enumerate(items[start:start + per_row]):
                x = w.layout.left + i * cell
                w.pdf.text(x, w.y + height * 0.65, f"{item.number}.")
                w.pdf.rect(x + 8, w.y + 1, cell - 11, height - 2)
            w.y += height + 1

    # the whole paper ---------------------------------------------------------------------------
    def draw(self) -> None:
        self.w.page()
        self.header_fields()
        self.title(self.paper.title, self.subtitle())
        for index, (qtype, items) in enumerate(self.version.groups):
            self.group_heading(index, qtype, items)
            for item in items:
                self.question(item)
        self.answer_sheet()


class _KeyDrawer(_PaperDrawer):
    def __init__(self, pdf, version: Version, paper: Paper) -> None:
        super().__init__(pdf, version, paper)
        self.w.footer_key = "paper.key_page"

    def draw(self) -> None:
        w = self.w
        w.page()
        self.title(t("paper.key_title", title=self.paper.title),
                   t("paper.key_subtitle", version=self.version.name))
        numerals = t("paper.numerals").split()
        for index, (qtype, items) in enumerate(self.version.groups):
            w.font(HEADING)
            w.room(w.lh * 3)
            w.write([f"{numerals[index]}{t('paper.numeral_sep')}{t(f'paper.type.{qtype}')}"])
            for item in items:
                self.key_item(item)

    def key_item(self, item: Item) -> None:
        w = self.w
        q = item.question
        label = f"{item.number}. "
        indent = w.measure(f"{item.number:>2}. ")
        x = w.layout.left + indent
        width = w.layout.width - indent
        w.font(BODY)
        answer = t("paper.key_answer", answer=answer_text(item))
        lines = w.lines(answer, width)
        w.room(w.lh * (len(lines) + 1))
        w.pdf.text(w.layout.left, w.y + w.lh * 0.72, label)
        w.write(lines, x)
        if q.explain:
            w.font(SMALL)
            w.write(w.lines(t("paper.key_explain", explain=q.explain), width), x)
        if q.quote:
            w.font(SMALL, gray=90)
            w.write(w.lines(t("paper.key_quote", quote=q.quote), width), x)
        w.font(BODY)
        w.y += w.lh * 0.25


FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)


#: drawn for a character the font has no glyph for (an emoji, a control character)
MISSING = "\u25a1"


def _pdf_class():
    """FPDF that draws only what the font can show: text from question files is untrusted,
    and a character without a glyph (a control character, an emoji) becomes a white square
    instead of an invisible gap and a warning that would echo it to the terminal."""
    from fpdf import FPDF

    class _PDF(FPDF):
        _shown: dict[str, str] = {}

        def _clean(self, text: str) -> str:
            cmap = self.current_font.cmap
            out = self._shown.get(text)
            if out is None:
                out = "".join(ch if ord(ch) in cmap or ch == " " else MISSING for ch in text)
                if len(self._shown) < 50_000:
                    self._shown[text] = out
            return out

        def text(self, x: float, y: float, text: str = "") -> None:
            super().text(x, y, self._clean(text))

        def get_string_width(self, s: str, normalized: bool = False,
                             markdown: bool = False) -> float:
            return super().get_string_width(self._clean(s), normalized, markdown)

    return _PDF


def _new_pdf(title: str):
    pdf = _pdf_class()(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(FIXED_DATE)  # the same paper gives the same bytes
    pdf.set_title(visible(title, multiline=False))
    pdf.set_creator("quizapp")
    pdf.set_producer("quizapp")
    pdf.add_font("noto", fname=_font_path(), collection_font_number=SC_FONT_NUMBER)
    pdf.set_font("noto", size=BODY)
    pdf.set_line_width(0.25)
    pdf.set_draw_color(60)
    return pdf


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    #: the answer key as a PDF of its own (with ``key_apart``), else None
    key: bytes | None = None
    #: (question id, the characters the font has no glyph for), printed as □
    missing: tuple[tuple[str, str], ...] = ()


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list | tuple):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _strings(item)


def missing_glyphs(paper: Paper, cmap) -> tuple[tuple[str, str], ...]:
    """Each question whose text has characters the font cannot draw (a rare character of
    CJK Extension B such as 𠀀, an emoji), with those characters, in paper order."""
    found = []
    for item in paper.versions[0].items if paper.versions else ():
        content = item.question.content()
        content["type"] = ""
        chars = dict.fromkeys(ch for text in _strings(content) for ch in text
                              if ord(ch) not in cmap and ch.isprintable() and not ch.isspace())
        if chars:
            found.append((item.question.id, "".join(chars)))
    return tuple(found)


def render(paper: Paper, *, key_apart: bool = False) -> Rendered:
    """The paper as PDF bytes (every version, each with its answer sheet, then the keys),
    or with ``key_apart`` the paper and the key as two PDFs."""
    pdf = _new_pdf(paper.title)
    for version in paper.versions:
        _PaperDrawer(pdf, version, paper).draw()
    key_pdf = _new_pdf(t("paper.key_title", title=paper.title)) if key_apart else pdf
    for version in paper.versions:
        _KeyDrawer(key_pdf, version, paper).draw()
    pages = pdf.pages_count
    missing = missing_glyphs(paper, pdf.fonts["noto"].cmap)
    return Rendered(bytes(pdf.output()), pages, bytes(key_pdf.output()) if key_apart else None,
                    missing)
