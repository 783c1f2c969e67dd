"""``quizapp teacher``: the teacher's dashboard, in the app."""

from __future__ import annotations

import click

from quizapp.cli.base import CliError, lang_option


@click.command(short_help="The teacher's dashboard: results, sections, questions, memory.")
@click.option("--class", "class_name", metavar="NAME", default=None,
              help="Only the students of this class (see quizapp class); default: everyone.")
@click.option("--db", "db", metavar="URL",
              help="Score database: a SQLAlchemy URL or a SQLite file "
                   "(default: QUIZAPP_DB, else the data folder).")
@click.option("--content", "content", multiple=True, metavar="PATH",
              type=click.Path(exists=True, file_okay=True, dir_okay=True),
              help="Teacher question files or folders, besides the built-in ones "
                   "(repeatable): their questions' text, sections and options.")
@lang_option
def teacher(class_name: str | None, db: str | None, content: tuple[str, ...]) -> None:
    """Open the teacher's dashboard: the class's best and last score per set (and who has
    not started), mastery per section of the article, every question's facility,
    discrimination and most common answers, predicted recall from the flashcards, and
    each student's quizzes and answers (Enter on a student).

    \b
    Examples:
      quizapp teacher
      quizapp teacher --class 高一3班
      quizapp teacher --db postgresql+psycopg://teacher@school/quiz --lang en
    """
    from quizapp import paths
    from quizapp.cli.base import check_database, load_content, run_app
    from quizapp.i18n import language, t
    from quizapp.untrusted import visible

    check_database(db)
    if class_name is not None:
        from quizapp.storage import StorageError, Store

        class_name = " ".join(class_name.split())
        try:
            with Store.open(paths.db_url(db), create=False) as store:
                known = store.classes.class_exists(class_name)
        except StorageError as exc:
            raise CliError(t("cli.store_error", error=visible(str(exc)))) from None
        if not known:
            raise CliError(t("class.unknown", name=visible(class_name, multiline=False)))
    bank = load_content(content, False)

    from quizapp.tui.app import QuizApp

    run_app(QuizApp(bank, db_url=db, lang=language(), teacher=True, class_name=class_name,
                    remember=False))
