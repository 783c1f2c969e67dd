"""Where the app opens: one small object per kind of start, each showing its first screen
(:meth:`Start.show`). The command line picks one (``quizapp quiz`` a quiz, ``quizapp live
host`` the teacher's desk...); without one the app opens on Home.

>>> QuizApp(bank, start=QuizStart(session))                       # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Start:
    """A kind of start. ``served``: a browser's student app (only the live
    class, ever); ``teacher``: the teacher's dashboard, which quits when left; ``live``:
    opened on a live-class screen, which quits when left."""

    served = False
    teacher = False
    live = False

    def show(self, app: Any) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class HomeStart(Start):
    """Home; with ``flashcards`` (the card screen's options), the card screen over it."""

    flashcards: dict[str, Any] | None = None

    def show(self, app: Any) -> None:
        app.go_home()
        if self.flashcards is not None:
            app.call_after_refresh(app.show_flashcards, **self.flashcards)


@dataclass(frozen=True)
class QuizStart(Start):
    """A quiz at once (``quizapp quiz``)."""

    session: Any = field(default=None)

    def show(self, app: Any) -> None:
        app.start_session(self.session)


@dataclass(frozen=True)
class TeacherStart(Start):
    """The teacher's dashboard (``quizapp teacher``)."""

    teacher = True

    def show(self, app: Any) -> None:
        app.show_teacher()


@dataclass(frozen=True)
class LiveHostStart(Start):
    """The teacher's desk for a live class (``quizapp live host``)."""

    host: Any = None
    live = True

    def show(self, app: Any) -> None:
        from quizapp.tui.screens.live import LiveHostScreen

        app.push_screen(LiveHostScreen(self.host))


@dataclass(frozen=True)
class LiveJoinStart(Start):
    """The join form for a class code (``quizapp live join``); ``join_now``: the code and
    the name were both given (``live join CODE --student NAME``): it joins at once, the
    form shown for a correction only if that fails."""

    code: str = ""
    join_now: bool = False
    live = True

    def show(self, app: Any) -> None:
        from quizapp.tui.screens.live import LiveJoinScreen

        app.push_screen(LiveJoinScreen(self.code, app.student_name, join_now=self.join_now))


@dataclass(frozen=True)
class ServedStart(Start):
    """A browser's student app (``quizapp serve``): the join form and the class only."""

    served = True

    def show(self, app: Any) -> None:
        app.go_home()  # for a served student, "home" is the join form
