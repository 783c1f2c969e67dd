"""``quizapp live``: a teacher-paced class through the score database (host, join)."""

from __future__ import annotations

import click

from quizapp.cli.base import (
    CliError,
    UsageFailure,
    check_database,
    lang_option,
    load_content,
    run_app,
    run_plain,
)
from quizapp.cli.options import plain_option, selection_options

CODE_HELP = "The 6-digit class code the teacher's screen shows."


def _db_options(fn):
    fn = lang_option(fn)
    fn = click.option("--db", "db", metavar="URL",
                      help="Score database: a SQLAlchemy URL or a SQLite file (default: "
                           "QUIZAPP_DB, else the data folder). Everyone in the class uses "
                           "the same one.")(fn)
    return fn


def open_store(db: str | None):
    """The score database (its live classes are ``.live``); exits with a message if it will
    not open."""
    from quizapp import paths
    from quizapp.i18n import t
    from quizapp.storage import StorageError, Store

    try:
        return Store.open(paths.db_url(db))
    except (StorageError, OSError, ValueError) as exc:
        raise CliError(t("cli.store_error", error=exc)) from None


def teacher_only(store) -> None:
    """Hosting (and so ending) a live class is the teacher's: the teacher password first."""
    from quizapp.cli.teacher_gate import require_teacher

    try:
        require_teacher(store)
    except CliError:
        store.close()
        raise


def live_error(exc) -> str:
    from quizapp.i18n import t
    from quizapp.untrusted import visible

    return t(f"live.join_{exc.kind}", detail=visible(str(exc), multiline=False))


@click.group(short_help="A live class: the teacher sets the pace, the room answers.")
def live() -> None:
    """A live class for the whole room, through the score database.

    The teacher runs `quizapp live host` and reads out the 6-digit code; each student runs
    `quizapp live join CODE` (or opens the address of `quizapp serve` in a browser). Every
    answer is saved as it is given; `quizapp report --mode live` lists the classes' scores.
    On PostgreSQL changes reach every screen at once; on SQLite (one machine) screens look
    four times a second.

    \b
    Examples:
      quizapp live host --set 04-chess --count 10 --seconds 30
      quizapp live host --resume 123456        after the teacher's app was closed
      quizapp live join 123456 --student 小明
    """


@live.command(short_help="Run a live class (shows the code, opens each question).")
@selection_options
@click.option("--seed", type=int, help="Seed for the question order.")
@click.option("--seconds", type=click.FloatRange(min=1, max=3600), metavar="S",
              help="Time per question in seconds: the answer is revealed when it runs out "
                   "(default: no limit, the teacher reveals).")
@click.option("--speed", is_flag=True,
              help="Points for speed too (default: by correctness only).")
@click.option("--leaderboard", is_flag=True,
              help="Show a leaderboard after each answer (default: off; b toggles it).")
@click.option("--class", "class_name", metavar="NAME",
              help="The class taking part (see quizapp class): only the names on its roster "
                   "may join.")
@click.option("--resume", metavar="CODE",
              help="Carry on the class with this code (after the app was closed or crashed).")
@click.option("--content", "content", multiple=True, metavar="PATH",
              type=click.Path(exists=True, file_okay=True, dir_okay=True),
              help="Teacher question files or folders, besides the built-in ones.")
@click.option("--no-builtin", is_flag=True, help="Use only the --content files.")
@_db_options
def host(sets, tags, types, levels, count, seed, seconds, speed, leaderboard, class_name, resume,
         content, no_builtin, db) -> None:
    """Run a live class: a 6-digit code shown large, the students who joined, then each
    question opened with n, its answer revealed with r (or when --seconds run out), and the
    class results at the end (e).

    \b
    Examples:
      quizapp live host                               every set, every question
      quizapp live host --set 04-chess --count 8 --seconds 20 --leaderboard
      quizapp live host --db postgresql+psycopg://teacher@school/quiz --class 高一3班
      quizapp live host --resume 123456
    """
    from pathlib import Path

    check_database(db)
    from quizapp.core.model import Bank
    from quizapp.i18n import language, render, t
    from quizapp.services.live import LiveError, LiveHost

    if resume is not None:
        if (sets or tags or types or levels or count or seed is not None or content
                or class_name):
            raise UsageFailure(t("live.resume_alone"))
        bank = Bank.of([])
        store = open_store(db)
        teacher_only(store)
        try:
            live_host = LiveHost.resume(store.live, resume)
        except LiveError as exc:
            raise CliError(live_error(exc)) from None
    else:
        set_files = tuple(s for s in sets
                          if Path(s).suffix in (".yaml", ".yml") and Path(s).is_file())
        bank = load_content(content, no_builtin, set_files)
        chosen = []
        for name in sets:
            found = bank.find_set(name)
            if found is None:
                known = ", ".join(s.key for s in bank.sets)
                raise UsageFailure(f"{t('cli.unknown_set', name=name)} ({known})")
            chosen.append(found.key)
        from quizapp.core.session import EmptyQuizError, QuizSpec

        spec = QuizSpec(sets=tuple(chosen), tags=tags, types=types, levels=levels, count=count,
                        seed=seed)
        store = open_store(db)
        teacher_only(store)
        if class_name:
            if not store.classes.class_exists(class_name.strip()):
                raise UsageFailure(t("class.unknown", name=class_name))
            class_name = class_name.strip()
        title = bank.find_set(chosen[0]).title if len(chosen) == 1 else ""
        try:
            live_host = LiveHost.create(store.live, bank, spec, seconds=seconds, speed=speed,
                                        leaderboard=leaderboard, class_name=class_name,
                                        title=title)
        except EmptyQuizError as exc:
            raise CliError(t("cli.no_questions", error=render(exc.message))) from None
    click.echo(t("live.code_short", code=live_host.code))

    from quizapp.tui.app import QuizApp
    from quizapp.tui.start import LiveHostStart

    run_app(QuizApp(bank, db_url=db, lang=language(), remember=False,
                    opener=lambda url: store,  # the store the session was made on
                    start=LiveHostStart(live_host)))


@live.command(short_help="Join a live class with its code.")
@click.argument("code", required=False, default="")
@click.option("--student", metavar="NAME", help="Your name (default: the last one used).")
@_db_options
@plain_option
def join(code, student, db, plain=False) -> None:
    """Join the live class with CODE (the 6 digits on the teacher's screen): type your
    name, wait for the first question, answer each one as the teacher opens it. With
    both CODE and --student given it joins at once.

    \b
    Examples:
      quizapp live join 123456
      quizapp live join 123456 --student 小明 --lang en
    """
    check_database(db)
    from quizapp.i18n import language, t

    code = code.strip()
    if code and not (code.isdigit() and len(code) == 6):
        raise UsageFailure(t("live.bad_code"))
    if code:
        from quizapp import paths
        from quizapp.services.live import LiveError, find_session
        from quizapp.storage import StorageError, Store, StoreUnreachable

        try:
            store = Store.open(paths.db_url(db))
        except StoreUnreachable as exc:
            # A server restarting, a lab's network blinking: the join screen opens all
            # the same, says so, and joins (checking the code) once the database is back.
            if plain:
                raise CliError(t("cli.store_error", error=exc)) from None
            store = None
        except (StorageError, OSError, ValueError) as exc:
            raise CliError(t("cli.store_error", error=exc)) from None
        if store is not None:
            try:
                find_session(store.live, code)
            except LiveError as exc:
                raise CliError(live_error(exc)) from None
            finally:
                store.close()

    from quizapp.core.model import Bank
    from quizapp.settings import Settings

    name = (student or Settings.load().student or "").strip()
    if plain:
        from quizapp.plain import run as plain_run

        run_plain(plain_run.live, code, student=(student or "").strip(), default_name=name,
                  db_url=db)
        return

    from quizapp.tui.app import QuizApp
    from quizapp.tui.start import LiveJoinStart

    join_now = bool(code and (student or "").strip())
    run_app(QuizApp(Bank.of([]), start=LiveJoinStart(code, join_now=join_now), student=name,
                    db_url=db, lang=language()))


@live.command(hidden=True, short_help="The student app served to browsers.")
@_db_options
def student(db) -> None:
    """The app `quizapp serve` gives each browser: the join form and the class, nothing
    else (no Home, no reports, no files), here in a terminal; each browser's seat runs the
    same app (python -m quizapp.tui.seat).

    \b
    Example:
      quizapp live student --lang en
    """
    from quizapp.core.model import Bank
    from quizapp.i18n import language
    from quizapp.tui.app import QuizApp
    from quizapp.tui.start import ServedStart

    run_app(QuizApp(Bank.of([]), start=ServedStart(), db_url=db, lang=language(),
                    remember=False))
