"""What every answer widget offers the quiz screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from quizapp.core.grading import is_blank_response, missing_parts
from quizapp.core.selection import Presented
from quizapp.tui.bindings import Translated
from quizapp.untrusted import visible


class AnswerWidget(Translated, Widget):
    """An answer widget for one presented question.

    The quiz screen owns ``enter`` (submit): it calls :meth:`before_submit`, then reads
    :meth:`response` (in the engine's shape for the question's type, see
    :mod:`quizapp.core.grading`). A widget that decides by itself when the answer is
    given (a self-graded card) posts :class:`AnswerWidget.Submit`.

    The widgets' keys are *priority* bindings, like the screen's ``enter``: priority
    bindings run in the order the keys arrive, before any later key is handed on, so
    "1" then ``enter`` typed in one burst always submits option 1 (an ordinary binding
    would run after the ``enter`` had already submitted an empty answer).
    """

    #: True when the widget shows the question's prompt itself (fill, card).
    SHOWS_PROMPT = False
    #: The i18n key of the one-line hint shown under the widget.
    HINT = ""
    #: (keys, i18n key) for the help: keys that Textual's own widgets inside handle.
    HELP_KEYS: tuple[tuple[str, str], ...] = ()

    class Submit(Message):
        """Submit the widget's current response now."""

    class HintChanged(Message):
        """The widget's :attr:`hint` changed (the screen shows it under the widget)."""

    @property
    def hint(self) -> str:
        """The i18n key of the hint to show now (``HINT`` unless the widget's state says)."""
        return self.HINT

    def __init__(self, shown: Presented, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown = shown
        self.question = shown.question

    def render(self) -> RenderResult:
        """Nothing of its own: a widget whose parts are not laid out yet shows nothing
        (Textual would show the class's name, English on any screen)."""
        return ""

    def response(self) -> object:  # pragma: no cover - every widget overrides it
        raise NotImplementedError

    def has_no_answer(self) -> bool:
        return is_blank_response(self.response())

    def missing(self) -> int:
        """How many blanks or rows the answer leaves empty (the screen asks before
        submitting a partly empty answer)."""
        try:
            return missing_parts(self.question, self.response())
        except TypeError:
            return 0

    def unchanged(self) -> bool:
        """True when the answer is still exactly as first shown (an order not moved)."""
        return False

    def before_submit(self) -> bool:
        """Called on ``enter``; return False to keep the key for the widget itself."""
        return True

    def focus_answer(self) -> None:
        """Give the keyboard focus to the part of the widget that takes the answer."""
        self.focus()


class TextInput(Input):
    """An input that follows the app's ``cursor_blink`` setting (off for snapshot tests)."""

    @property
    def _value(self) -> Text:
        """The value as drawn: Input would send a pasted or pre-filled control character to
        the terminal raw; it is drawn as a visible symbol (one for one, so the cursor stays
        right) while the value itself is kept as typed (a student's name stays the same)."""
        shown = visible(self.value, same_length=True)
        if self.password or self.highlighter is not None or shown == self.value:
            return super()._value
        return Text(shown, no_wrap=True, overflow="ignore", end="")

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)
