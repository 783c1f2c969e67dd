"""``quizapp teacher``: the teacher's dashboard, in the app."""

from __future__ import annotations

import click

from quizapp.cli.base import CliError, lang_option


@click.group(short_help="The teacher's dashboard: results, sections, questions, memory.",
             invoke_without_command=True)
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
@click.pass_context
def teacher(ctx: click.Context, class_name: str | None, db: str | None,
            content: tuple[str, ...]) -> None:
    """Open the teacher's dashboard: the class's best and last score per set (and who has
    not started), mastery per section of the article, every question's facility,
    discrimination and most common answers, predicted recall from the flashcards, and
    each student's quizzes and answers (Enter on a student). The teacher password is asked
    for first.

    \b
    Examples:
      quizapp teacher
      quizapp teacher --class 高一3班
      quizapp teacher --db postgresql+psycopg://teacher@school/quiz --lang en
      quizapp teacher password          set or change the teacher password
    """
    if ctx.invoked_subcommand is not None:
        return
    from quizapp import paths
    from quizapp.cli.quiz import check_database, load_content, run_app
    from quizapp.cli.teacher_gate import require_teacher
    from quizapp.i18n import language, t
    from quizapp.storage import StorageError, Store
    from quizapp.untrusted import visible

    check_database(db)
    if class_name is not None:
        class_name = " ".join(class_name.split())
    try:
        with Store.open(paths.db_url(db)) as store:
            require_teacher(store)
            known = class_name is None or store.classes.class_exists(class_name)
    except StorageError as exc:
        raise CliError(t("cli.store_error", error=visible(str(exc)))) from None
    if not known:
        raise CliError(t("class.unknown", name=visible(class_name or "", multiline=False)))
    bank = load_content(content, False)

    from quizapp.tui.app import QuizApp

    run_app(QuizApp(bank, db_url=db, lang=language(), teacher=True, class_name=class_name,
                    remember=False, teacher_trusted=True))


@teacher.command("password", short_help="Set or change the teacher password.")
@click.option("--db", "db", metavar="URL",
              help="Score database: a SQLAlchemy URL or a SQLite file "
                   "(default: QUIZAPP_DB, else the data folder).")
@lang_option
def password(db: str | None) -> None:
    """Set the teacher password (the first time), or change it (the current one first).

    It is kept in the score database, only as a hash (scrypt with a salt), so every
    computer of a school sharing one database asks for the same password.

    \b
    Examples:
      quizapp teacher password
      quizapp teacher password --db postgresql+psycopg://teacher@school/quiz
    """
    from quizapp import paths
    from quizapp.cli.teacher_gate import ask_password, choose_new_password
    from quizapp.i18n import t
    from quizapp.services.teacher_auth import TeacherGate
    from quizapp.storage import StorageError, Store
    from quizapp.untrusted import visible

    try:
        with Store.open(paths.db_url(db)) as store:
            gate = TeacherGate(store.teachers)
            if gate.needs_setting():
                if not gate.set_first(choose_new_password()):
                    raise CliError(t("teacher.password_raced"))
                click.echo(t("teacher.password_set"))
                return
            current = ask_password("teacher.password_current")
            if not gate.check(current):
                raise CliError(t("teacher.password_wrong"))
            if not gate.change(current, choose_new_password()):
                raise CliError(t("teacher.password_wrong"))
            click.echo(t("teacher.password_changed"))
    except StorageError as exc:
        raise CliError(t("cli.store_error", error=visible(str(exc)))) from None
