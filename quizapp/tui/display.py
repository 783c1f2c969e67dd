"""Plain-text renderings of responses, scores and times for the screens.

Pure functions over the content model and the engine's response shapes (see
:mod:`quizapp.core.grading`), so the feedback, results and history screens all say the
same thing the same way, in the interface language.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from datetime import datetime
from typing import cast

from rich.text import Text
from textual.content import Content

from quizapp.core.grading import char_diff, correct_response, is_blank_response, parts
from quizapp.core.model import (
    AnyQuestion,
    CardQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    TrueFalseQuestion,
)
from quizapp.i18n import STRINGS, t
from quizapp.untrusted import visible


def format_response(question: AnyQuestion, response: object) -> str:
    """The student's ``response`` to ``question`` as one line of text."""
    if isinstance(question, CardQuestion):
        if response is None:
            return t("fmt.none")
        return t("fmt.knew") if response else t("fmt.forgot")
    if is_blank_response(response):
        return t("fmt.none")
    sep = t("fmt.sep")
    match question:
        case TrueFalseQuestion():
            return t("fmt.true") if response else t("fmt.false")
        case MultiQuestion():
            picked = [o for o in question.options if o in cast("Container[str]", response)]
            return sep.join(picked)
        case FillQuestion():
            texts = [str(v).strip() or "＿" for v in cast("Iterable[object]", response)]
            return sep.join(texts)
        case MatchQuestion():
            assert isinstance(response, Mapping)
            return sep.join(f"{left}→{response.get(left) or '＿'}" for left in question.lefts)
        case OrderQuestion():
            return " → ".join(str(v) for v in cast("Iterable[object]", response))
    return str(response)


MARK_RIGHT, MARK_WRONG = "✔", "✘"
_DIFF_STYLES = {"same": "", "wrong": "bold red strike", "missing": "bold green underline"}


def part_lines(question: AnyQuestion, response: object) -> list[Text]:
    """The response marked part by part (each match pair, each option picked or missed,
    each order position, each blank), one line each, a near miss in a blank followed by
    its difference character by character. ``[]`` for types marked as a whole."""
    try:
        marked = parts(question, response)
    except TypeError:
        return []
    if len(marked) < 2 and not isinstance(question, (FillQuestion, MultiQuestion)):
        return []
    none = t("fmt.none")
    lines: list[Text] = []
    for part in marked:
        line = Text()
        line.append(MARK_RIGHT if part.ok else MARK_WRONG,
                    style="bold green" if part.ok else "bold red")
        line.append(" ")
        # untrusted text (question files, typed answers): control characters made visible
        label = visible(part.label, multiline=False)
        given = visible(part.given, multiline=False) if part.given is not None else none
        expected = visible(part.expected, multiline=False) if part.expected else ""
        match question:
            case MultiQuestion():
                if part.given is None:
                    key = "feedback.part_missed"
                elif part.ok:
                    key = "feedback.part_picked"
                else:
                    key = "feedback.part_picked_wrong"
                line.append(t(key, option=label))
                lines.append(line)
                continue
            case MatchQuestion():
                line.append(t("feedback.part_pair", left=label, given=given))
            case OrderQuestion():
                line.append(t("feedback.part_position", n=label, given=given))
            case FillQuestion():
                line.append(t("feedback.part_blank", n=label, given=given))
        if not part.ok and part.expected is not None:
            line.append(t("feedback.should_be", expected=expected))
        lines.append(line)
        if isinstance(question, FillQuestion) and not part.ok and part.given is not None:
            lines.append(diff_text(given, expected))
    return lines


def diff_text(given: str, expected: str) -> Text:
    """A near miss shown character by character: ``湘潭[智→制]造``, the typed characters
    that are wrong struck out in red, the missing ones underlined in green."""
    line = Text("  " + t("feedback.diff"))
    runs = char_diff(visible(given, multiline=False), visible(expected, multiline=False))
    n = 0
    while n < len(runs):
        kind, text = runs[n]
        if kind == "same":
            line.append(text)
            n += 1
            continue
        wrong = text if kind == "wrong" else ""
        missing = text if kind == "missing" else ""
        if kind == "wrong" and n + 1 < len(runs) and runs[n + 1][0] == "missing":
            missing = runs[n + 1][1]
            n += 1
        n += 1
        line.append("[")
        if wrong:
            line.append(wrong, style=_DIFF_STYLES["wrong"])
        line.append("→")
        if missing:
            line.append(missing, style=_DIFF_STYLES["missing"])
        line.append("]")
    return line


def question_text(question: AnyQuestion) -> str:
    """The prompt as shown outside the quiz: a fill question's blanks masked."""
    if isinstance(question, FillQuestion):
        return question.masked_prompt()
    return question.prompt


def format_correct(question: AnyQuestion) -> str:
    """The response that earns full marks, as one line (a card: its back)."""
    if isinstance(question, CardQuestion):
        return question.back
    return format_response(question, correct_response(question))


def format_score(value: float) -> str:
    """``1.0`` -> ``1``, ``0.5`` -> ``0.5``, ``2/3`` -> ``0.67``."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def format_percent(value: float) -> str:
    """A percentage (0-100) rounded half up: ``62.5`` -> ``63%``."""
    from quizapp.core.numbers import half_up

    return t("fmt.percent", value=half_up(value))


def format_duration(seconds: float) -> str:
    """``75`` -> ``1分15秒`` / ``1m 15s``."""
    total = max(0, int(round(seconds)))
    return t("fmt.minutes_seconds", m=total // 60, s=total % 60)


def format_clock(seconds: float) -> str:
    """A countdown: ``mm:ss`` (``h:mm:ss`` from an hour)."""
    total = max(0, int(seconds + 0.999))  # round up: "00:00" only when the time is up
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def format_when(moment: datetime) -> str:
    """A stored UTC time in local time, short: ``12-10 14:03``."""
    return moment.astimezone().strftime("%m-%d %H:%M")


def mode_name(mode: str) -> str:
    """A quiz mode's name in the interface language (an unknown mode as stored)."""
    key = f"mode.{mode}"
    return t(key) if key in STRINGS["en"] else mode


def literal(text: object, *, multiline: bool = True) -> Content:
    """Untrusted ``text`` (from a question file, a name, a path, the database) as Textual
    content: never read as markup (``[/]``, ``[@click=...]`` stay as typed) and with
    control characters shown visibly (see :func:`quizapp.untrusted.visible`).

    Give it to any widget that takes a string: ``Static``, ``Label``, ``Button``, ``Select``
    options, ``Option``, ``DataTable`` cells (or use :func:`plain` there). ``multiline=False``
    also shows line breaks and tabs, for one-line places (names, labels, list rows).
    """
    return Content(visible(text, multiline=multiline))


def plain(text: str, style: str = "") -> Text:
    """``text`` as a one-line table cell: never read as markup (prompts may contain
    ``[``), control characters shown visibly."""
    return Text(visible(text), style=style, no_wrap=True, overflow="ellipsis")


def sets_label(bank, keys) -> str:
    """The titles of the sets with these keys (a key no longer loaded stays a key); every
    set when there are none."""
    titles = [found.title if (found := bank.find_set(k)) is not None else k for k in keys]
    return "、".join(titles) or t("home.all_sets")


def whose(student: str | int, title: str, name: str = "") -> str:
    """A screen's title with the student's name before it, so whose quiz it is shows even
    when the rest is cut short (no name: the title alone). ``student`` is how the quiz
    names them: a name, or their record's id (then ``name``, the name the app shows)."""
    shown = student if isinstance(student, str) else name
    return t("quiz.whose", name=shown, title=title) if shown else title
