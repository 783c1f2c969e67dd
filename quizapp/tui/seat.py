"""The app each browser of ``quizapp serve`` runs: ``python -m quizapp.tui.seat --lang zh``.

The join form and the class, nothing else (:class:`~quizapp.tui.start.ServedStart`). It
starts without the command line's machinery (click, the command table, their checks):
a lab's browsers arrive at once and every seat is a process of its own, so each one
loads only what the join form needs; the database library loads when the student starts
typing (:attr:`~quizapp.tui.app.QuizApp.store_on_demand`). The score database is
QUIZAPP_DB, which ``quizapp serve`` sets (and checks) before it serves anyone.
"""

from __future__ import annotations

import sys

#: How long a seat waits at exit for the database to take what is still queued.
EXIT_WAIT_S = 30


def main(argv: list[str] | None = None) -> int:
    """Run one seat; ``argv``: ``--lang zh|en`` (else QUIZAPP_LANG, else Chinese). The exit
    status: 0, 1 when answers did not reach the database (said on stderr), 2 for other
    arguments."""
    from quizapp.i18n import LANGUAGES, env_language, set_language, t

    args = sys.argv[1:] if argv is None else argv
    lang = env_language()
    if len(args) == 2 and args[0] == "--lang" and args[1].lower() in LANGUAGES:
        lang = args[1].lower()
    elif args:
        set_language(lang)
        print(t("serve.seat_usage", langs="|".join(LANGUAGES)), file=sys.stderr)
        return 2
    from quizapp.core.model import Bank
    from quizapp.tui.app import QuizApp
    from quizapp.tui.start import ServedStart

    app = QuizApp(Bank.of([]), start=ServedStart(), lang=lang, remember=False)
    app.run()
    problem = app.unsaved_on_exit(EXIT_WAIT_S)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
