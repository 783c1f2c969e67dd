"""``quizapp quiz``: start a quiz directly in the app, skipping Home."""

from __future__ import annotations

import click

from quizapp.cli.base import (
    CliError,
    UsageFailure,
    check_database,
    check_on_roster,
    lang_option,
    load_content,
    require_student,
    run_app,
    run_plain,
)
from quizapp.cli.options import (
    MODES,
    content_options,
    plain_option,
    roster_class_option,
    selection_options,
)


@click.command(short_help="Start a quiz directly (practice, exam or review).")
@selection_options
@click.option("--seed", type=int, help="Seed for the question order (same seed, same quiz).")
@click.option("--mode", type=click.Choice(MODES), default="practice", show_default=True,
              help="practice: feedback after each answer; exam: results at the end; "
                   "review: the questions you last got wrong.")
@click.option("--time-limit", type=float, metavar="MINUTES",
              help="Exam time limit in minutes; unanswered questions count as wrong.")
@content_options
@roster_class_option
@plain_option
@lang_option
def quiz(sets, tags, types, levels, count, seed, mode, time_limit, content, no_builtin, db,
         student, class_name=None, plain=False) -> None:
    """Start a quiz in the app at once, on the built-in questions and any teacher files.

    Bad options or question files are reported before anything opens (exit 1 for content
    problems, 2 for usage errors).

    \b
    Examples:
      quizapp quiz --student 张三                          practice every set
      quizapp quiz --set 04-chess --count 10 --student 张三
      quizapp quiz --mode exam --time-limit 15 --count 20 --seed 7
      quizapp quiz --mode review --student 张三            the questions you got wrong
      quizapp quiz --level apply --student 张三            only application questions
      quizapp quiz --content class/ --no-builtin --lang en
    """
    from pathlib import Path

    from quizapp.i18n import language, render, t

    check_database(db)
    if time_limit is not None and not time_limit > 0:
        raise UsageFailure(t("cli.bad_time_limit"))
    if time_limit is not None and mode != "exam":
        raise UsageFailure(t("cli.time_limit_exam_only"))
    set_files = tuple(s for s in sets if Path(s).suffix in (".yaml", ".yml") and Path(s).is_file())
    bank = load_content(content, no_builtin, set_files)
    chosen = []
    for name in sets:
        found = bank.find_set(name) or _set_by_file(bank, name)
        if found is None:
            known = ", ".join(s.key for s in bank.sets)
            raise UsageFailure(t("cli.unknown_set_known", name=name, known=known))
        chosen.append(found.key)

    student = require_student(student)
    student_id = check_on_roster(db, class_name, student)

    from quizapp.core.session import EmptyQuizError, Mode, QuizSpec, build_session

    ids: tuple[str, ...] = ()
    if mode == "review":
        ids = _wrong_ids(db, student)
        if not ids:
            raise CliError(t("cli.no_mistakes", student=student))
    spec = QuizSpec(sets=tuple(chosen), tags=tags, types=types, levels=levels, ids=ids,
                    count=count,
                    mode=Mode(mode), seed=seed,
                    time_limit=time_limit * 60 if time_limit else None)
    try:
        session = build_session(bank, spec)
    except EmptyQuizError as exc:
        raise CliError(t("cli.no_questions", error=render(exc.message))) from None

    if plain:
        from quizapp.plain import run as plain_run

        run_plain(plain_run.quiz, bank, session, student=student, db_url=db)
        return

    from quizapp.tui.app import QuizApp
    from quizapp.tui.start import QuizStart

    run_app(QuizApp(bank, start=QuizStart(session), student=student, db_url=db,
                    lang=language(), student_id=student_id))


def _set_by_file(bank, name: str):
    from pathlib import Path

    target = Path(name).resolve()
    for qset in bank.sets:
        if Path(qset.path).resolve() == target:
            return qset
    return None


def _wrong_ids(db: str | None, student: str) -> tuple[str, ...]:
    """Review mode needs the store before the first screen: the questions to ask."""
    from quizapp import paths
    from quizapp.i18n import t
    from quizapp.storage import StorageError, Store

    try:
        with Store.open(paths.db_url(db)) as store:
            return tuple(store.attempts.recent_wrong_ids(student, 50))
    except (StorageError, OSError, ValueError) as exc:
        raise CliError(t("cli.store_error", error=exc)) from None
