"""``quizapp`` with no command: the app's Home screen (the hidden ``home`` command)."""

from __future__ import annotations

import click

from quizapp.cli.base import (
    UsageFailure,
    check_database,
    lang_option,
    load_content,
    run_app,
    run_plain,
)
from quizapp.cli.options import class_option, content_options, plain_option


@click.command(hidden=True, short_help="Open the app on its Home screen.")
@content_options
@class_option
@plain_option
@lang_option
def home(content, no_builtin, db, student, class_name=None, plain=False) -> None:
    """Open the app on its Home screen: choose sets, a mode and a number of questions.

    \b
    Examples:
      quizapp                         open Home on the built-in questions
      quizapp home --content class/   with a teacher's files too
      quizapp --class 高一3班          pick your name from the class's roster
    """
    from quizapp.i18n import language, t

    if student is not None and not student.strip():  # as for quiz: never "the last one"
        raise UsageFailure(t("cli.blank_student"))
    check_database(db)
    bank = load_content(content, no_builtin)
    if plain:
        from quizapp.plain import run as plain_run

        run_plain(plain_run.home, bank, student=(student or "").strip(), db_url=db,
                  class_name=" ".join(class_name.split()) if class_name else None)
        return

    from quizapp.tui.app import QuizApp

    class_name = " ".join(class_name.split()) if class_name else None
    run_app(QuizApp(bank, student=(student or "").strip(), db_url=db, lang=language(),
                    class_name=class_name))
