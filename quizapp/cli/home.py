"""``quizapp`` with no command: the app's Home screen (the hidden ``home`` command)."""

from __future__ import annotations

import click

from quizapp.cli.quiz import check_database, choose_language, content_options, load_content, run_app


@click.command(hidden=True, short_help="Open the app on its Home screen.")
@content_options
def home(content, no_builtin, db, student, lang) -> None:
    """Open the app on its Home screen: choose sets, a mode and a number of questions.

    \b
    Examples:
      quizapp                         open Home on the built-in questions
      quizapp home --content class/   with a teacher's files too
    """
    language = choose_language(lang)
    check_database(db)
    bank = load_content(content, no_builtin)

    from quizapp.tui.app import QuizApp

    run_app(QuizApp(bank, student=(student or "").strip(), db_url=db, lang=language))
