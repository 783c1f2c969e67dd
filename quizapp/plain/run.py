"""Starting the plain interface from the command line: Home, a quiz, flashcards.

Each function runs to the end, then writes what is still queued and closes the store;
it returns how many writes did not reach the database (0 when every answer was saved) and
why, for the command to report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quizapp.core.model import Bank
from quizapp.core.session import QuizSession
from quizapp.i18n import describe, t
from quizapp.plain.app import PlainApp
from quizapp.plain.console import Console, InputClosed, Interrupted


def run(bank: Bank, action: Callable[[PlainApp], Any], *, student: str = "",
        db_url: str | None = None, console: Console | None = None) -> tuple[int, str]:
    """Run ``action(app)``; an input that ends or Ctrl+C ends it with a sentence, never a
    traceback."""
    app = PlainApp(bank, student=student, db_url=db_url, console=console)
    failed = False
    try:
        action(app)
    except InputClosed:
        app.console.say(t("plain.input_closed"))
    except (Interrupted, KeyboardInterrupt):
        app.console.say("", t("plain.bye"))
    except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
        app.console.say("", t("plain.failed", error=describe(exc)))
        failed = True
    finally:
        unsaved = app.close()
    if failed:
        raise SystemExit(1)
    return unsaved


def home(bank: Bank, *, student: str = "", db_url: str | None = None,
         class_name: str | None = None) -> tuple[int, str]:
    from quizapp.plain.home import PlainHome

    return run(bank, lambda app: PlainHome(app, class_name=class_name).run(),
               student=student, db_url=db_url)


def quiz(bank: Bank, session: QuizSession, *, student: str,
         db_url: str | None = None) -> tuple[int, str]:
    from quizapp.plain.quiz import PlainQuiz
    from quizapp.services.quiz_run import QuizRun

    def take(app: PlainApp) -> None:
        PlainQuiz(app, QuizRun.start(session, bank, app.recorder, student,
                                     clock=app.clock)).take()

    return run(bank, take, student=student, db_url=db_url)


def cards(bank: Bank, *, student: str, db_url: str | None = None,
          **options: Any) -> tuple[int, str]:
    from quizapp.plain.cards import PlainCards

    return run(bank, lambda app: PlainCards(app, **options).review(), student=student,
               db_url=db_url)


def live(code: str, *, student: str = "", default_name: str = "",
         db_url: str | None = None) -> tuple[int, str]:
    """Join the live class ``code`` as ``student`` (asked, with ``default_name`` offered,
    when not given)."""
    from quizapp.core.model import Bank
    from quizapp.plain.live import PlainLive

    return run(Bank.of([]), lambda app: PlainLive(app, code, default_name=default_name).run(),
               student=student, db_url=db_url)
