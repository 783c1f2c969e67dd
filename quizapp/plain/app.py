"""The plain interface's state: the console, the bank, the student and the recorder.

Every answer goes through the same :class:`~quizapp.services.recorder.Recorder` as the
TUI's (committed on its thread as it is given); reads wait for the recorder's answer, since
a line-oriented interface has nothing else to do meanwhile. Nothing here imports Textual or
SQL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from quizapp import paths
from quizapp.core.model import Bank
from quizapp.i18n import t
from quizapp.plain.console import Console, InputClosed, Interrupted
from quizapp.services.recorder import (
    Opener,
    Recorder,
    StoreEvent,
    StoreFailed,
    WriteFailed,
    WritesRecovered,
    open_store,
)
from quizapp.services.scorebook import ScoreBook

#: How long a read of the score database may take before the student is told.
QUERY_WAIT_S = 60


class StoreProblem(Exception):
    """A read of the score database failed; ``str()`` is the reason."""


class PlainApp:
    """One run of ``quizapp --plain``: see the module docstring."""

    def __init__(self, bank: Bank, *, student: str = "", db_url: str | None = None,
                 console: Console | None = None, clock: Callable[[], float] = time.time,
                 opener: Opener = open_store) -> None:
        self.bank = bank
        self.student = student
        self.console = console or Console()
        self.clock = clock
        self.recorder = Recorder(paths.db_url(db_url), opener, self._from_recorder)
        self.scores = ScoreBook(self.recorder, bank)
        self.recorder.start()

    # -- the store ---------------------------------------------------------------------

    def _from_recorder(self, event: StoreEvent) -> None:
        match event:
            case StoreFailed():
                self.console.announce(t("app.store_failed", error=event.error))
            case WriteFailed():
                self.console.announce(t("app.write_failed", error=event.error))
            case WritesRecovered():
                self.console.announce(t("app.write_recovered"))

    def wait(self, call: Callable[[Callable[[Any], None], Callable[[str], None]], None]) -> Any:
        """Run ``call(then, failed)`` (a :class:`ScoreBook` read) and wait for its answer."""
        done = threading.Event()
        box: dict[str, Any] = {}

        def then(result: Any) -> None:
            box["result"] = result
            done.set()

        def failed(error: str) -> None:
            box["error"] = error
            done.set()

        call(then, failed)
        if not done.wait(QUERY_WAIT_S):
            raise StoreProblem(t("app.store_no_answer"))
        if "error" in box:
            raise StoreProblem(box["error"] or t("app.store_no_answer"))
        return box["result"]

    def read(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """The :class:`ScoreBook` read ``name`` (``home``, ``attempt``, ``recent_mistakes``,
        ``deck``...), waited for: on a reader over the open store where the score book
        gives one, else through the recorder's queue. Raises :class:`StoreProblem`."""
        reader = getattr(self.scores, "reader", None)
        if reader is None:
            return self.wait(lambda then, failed: getattr(self.scores, name)(
                *args, then, failed, **kwargs))
        try:
            reads = reader()
            if reads is None:
                raise StoreProblem(t("app.store_no_answer"))
            return getattr(reads, name)(*args, **kwargs)
        except StoreProblem:
            raise
        except Exception as exc:  # the store did not open, or the read failed
            raise StoreProblem(str(exc).strip().splitlines()[0] if str(exc).strip()
                               else type(exc).__name__) from None

    def unfinished(self, student: str) -> list[Any]:
        """The student's unfinished attempts this version can resume, newest first."""
        return list(self.read("home", student)[-1])

    def deck(self, student: str, *, new_limit: int | None, remember_limit: bool,
             **kwargs: Any) -> Any:
        """The student's flashcard deck; ``remember_limit``: ``new_limit`` becomes their own
        daily limit first."""
        remember = getattr(self.scores, "remember_limit", None)
        if remember is None:
            return self.read("deck", student, new_limit=new_limit,
                             remember_limit=remember_limit, **kwargs)
        if remember_limit:
            remember(student, new_limit)
        return self.read("deck", student, new_limit=new_limit, **kwargs)

    def close(self, timeout: float = 30) -> tuple[int, str]:
        """Write what is still queued and close the store: how many writes were not saved
        (0 when everything was) and why."""
        finished = self.recorder.stop(timeout=timeout)
        if self.recorder.failed or not finished:
            count = len(self.recorder.unsaved) or 1
            return count, self.recorder.error or t("app.store_no_answer")
        return 0, ""

    # -- asking ------------------------------------------------------------------------

    def ask_yes_no(self, question: str, *, default: bool) -> bool:
        """A yes/no question; Enter takes ``default``. Ctrl+C answers yes to leaving."""
        con = self.console
        con.say(question, t("plain.yes_no_default_yes" if default else "plain.yes_no_default_no"))
        while True:
            try:
                text = con.read().strip().lower()
            except Interrupted:
                return True
            if not text:
                return default
            if text in YES:
                return True
            if text in NO:
                return False
            con.say(t("plain.bad.yes_no"))


YES = frozenset({"y", "yes", "是", "是的", "好", "1", "对"})
NO = frozenset({"n", "no", "否", "不", "不是", "2", "错"})

__all__ = ["PlainApp", "StoreProblem", "InputClosed", "Interrupted"]
