"""``quizapp cards``: review today's flashcards in the app, scheduled by FSRS."""

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
    card_selection_options,
    content_options,
    plain_option,
    roster_class_option,
)


@click.command(short_help="Review flashcards (FSRS spaced repetition).")
@card_selection_options
@click.option("--cram", is_flag=True,
              help="Review every chosen card now, whatever its due date; ratings do not "
                   "change the schedule.")
@click.option("--new-limit", type=click.IntRange(min=0), metavar="N",
              help="New cards per day for this student (remembered; default 20).")
@content_options
@roster_class_option
@plain_option
@lang_option
def cards(sets, tags, levels, cram, new_limit, content, no_builtin, db, student,
          class_name=None, plain=False) -> None:
    """Review flashcards: the cards due today first, then new ones, as FSRS schedules them.

    Every question is a card (front: the question; back: the answer, explanation and
    quote). Space shows the back; 1 Again, 2 Hard, 3 Good, 4 Easy, each showing the next
    interval it gives. Quiz answers count as reviews too.

    \b
    Examples:
      quizapp cards --student 张三                  today's cards, every set
      quizapp cards --set 04-chess --student 张三
      quizapp cards --tag 交通 --cram               cram a tag; the schedule is unchanged
      quizapp cards --new-limit 10 --lang en
      quizapp cards --level understand --student 张三  only understanding questions
      quizapp cards --db postgresql+psycopg://user@school/quiz --student 张三
    """
    from quizapp.i18n import language, render, t

    check_database(db)
    bank = load_content(content, no_builtin)
    chosen = []
    for name in sets:
        found = bank.find_set(name)
        if found is None:
            known = ", ".join(s.key for s in bank.sets)
            raise UsageFailure(t("cli.unknown_set_known", name=name, known=known))
        chosen.append(found.key)

    from quizapp.core.selection import EmptyQuizError, select_questions

    try:
        select_questions(bank, sets=chosen, tags=tags, levels=levels)
    except EmptyQuizError as exc:
        raise CliError(t("cli.no_questions", error=render(exc.message))) from None

    student = require_student(student)
    student_id = check_on_roster(db, class_name, student)
    if plain:
        from quizapp.plain import run as plain_run

        run_plain(plain_run.cards, bank, student=student, db_url=db, sets=tuple(chosen),
                  tags=tuple(tags), levels=tuple(levels), cram=cram, new_limit=new_limit,
                  remember_limit=new_limit is not None)
        return

    from quizapp.tui.app import QuizApp
    from quizapp.tui.start import HomeStart

    screen = {"student": student, "sets": tuple(chosen), "tags": tuple(tags),
              "levels": tuple(levels), "cram": cram,
              "new_limit": new_limit, "remember_limit": new_limit is not None}
    run_app(QuizApp(bank, start=HomeStart(flashcards=screen), student=student, db_url=db,
                    lang=language(), student_id=student_id))
