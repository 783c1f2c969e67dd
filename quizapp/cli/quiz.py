"""``quizapp quiz``: start a quiz directly in the app, skipping Home."""

from __future__ import annotations

import click

from quizapp.cli.base import CliError, UsageFailure, lang_option, problem_lines

MODES = ("practice", "exam", "review")
TYPES = ("choice", "multi", "truefalse", "fill", "match", "order", "card")


def content_options(fn):
    """--content/--no-builtin/--db/--student, shared with the hidden ``home``."""
    fn = click.option("--student", metavar="NAME",
                      help="The student's name (default: the last one used).")(fn)
    fn = click.option("--db", "db", metavar="URL",
                      help="Score database: a SQLAlchemy URL or a SQLite file "
                           "(default: QUIZAPP_DB, else the data folder).")(fn)
    fn = click.option("--no-builtin", is_flag=True,
                      help="Use only the --content files, not the built-in questions.")(fn)
    fn = click.option("--content", "content", multiple=True, metavar="PATH",
                      type=click.Path(exists=True, file_okay=True, dir_okay=True),
                      help="Teacher question files or folders, besides the built-in ones "
                           "(repeatable).")(fn)
    return fn


def plain_option(fn):
    """--plain: the line-by-line interface for screen readers instead of the TUI."""
    return click.option("--plain", is_flag=True,
                        help="Whole lines of text for screen readers, never redrawn.")(fn)


def run_plain(start, *args, **kwargs) -> None:
    """Run a :mod:`quizapp.plain.run` function; say which answers were not saved."""
    from quizapp.i18n import t

    unsaved, error = start(*args, **kwargs)
    if unsaved:
        raise CliError(t("app.unsaved_on_exit", count=unsaved, error=error))


def selection_options(fn):
    """--set/--tag/--type/--level/--count: which questions, shared with ``live host``."""
    options = [
        click.option("--set", "sets", multiple=True, metavar="SET",
                     help="A question set's key, title or file (repeatable; default: every "
                          "set)."),
        click.option("--tag", "tags", multiple=True, metavar="TAG",
                     help="Only questions with this tag (repeatable: any of them)."),
        click.option("--type", "types", multiple=True, type=click.Choice(TYPES),
                     help="Only questions of this type (repeatable)."),
        click.option("--level", "levels", multiple=True,
                     type=click.Choice(("recall", "understand", "apply")),
                     help="Only questions of this level: recall, understand or apply "
                          "(repeatable)."),
        click.option("--count", type=click.IntRange(min=1), metavar="N",
                     help="How many questions (default: all that match)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def class_option(fn):
    """--class: the class whose roster Home offers (remembered for next time)."""
    return click.option("--class", "class_name", metavar="NAME", default=None,
                        help="Your class (see quizapp class): Home lets you pick your name "
                             "from its roster and accepts only those names "
                             "(remembered).")(fn)


def roster_class_option(fn):
    """--class on a command that records answers: the student must be on its roster."""
    return click.option("--class", "class_name", metavar="NAME", default=None,
                        help="Your class (see quizapp class): when it has a roster, --student "
                             "must be a name on it.")(fn)


def check_on_roster(db: str | None, class_name: str | None, student: str,
                    refusal: str = "class.not_on_roster") -> int | None:
    """Refuse, before anything is recorded, a class that does not exist and a student who is
    not on the class's roster (a class without a roster takes any name); ``refusal`` is the
    catalogue key that says so. Returns the student's record (id) on the roster: a name on
    it, or (for namesakes) their student number."""
    if class_name is None:
        return None
    from quizapp import paths
    from quizapp.core.roster import close_names
    from quizapp.i18n import t
    from quizapp.storage import StorageError, Store
    from quizapp.storage.classes import UnknownClass
    from quizapp.untrusted import visible

    class_name = " ".join(class_name.split())
    cls = visible(class_name, multiline=False)
    try:
        with Store.open(paths.db_url(db)) as store:
            entries = store.classes.roster(class_name)
    except UnknownClass:
        raise CliError(t("class.unknown", name=cls)) from None
    except (StorageError, OSError, ValueError) as exc:
        raise CliError(t("cli.store_error", error=exc)) from None
    names = [entry.name for entry in entries]
    if not names:
        return None
    found = [e for e in entries if e.name == student.strip()] or \
        [e for e in entries if e.number and e.number == student.strip()]
    if len(found) == 1:
        return found[0].student_id
    if len(found) > 1:  # namesakes on one roster: the number tells them apart
        from quizapp.core.roster import StudentInfo
        from quizapp.services.rosters import describe

        lines = [t("student.which", who=visible(student, multiline=False))]
        lines += ["  " + visible(describe(StudentInfo(e.student_id or 0, e.name, e.number,
                                                      (class_name,)), t), multiline=False)
                  for e in found]
        lines.append(t("student.which_number"))
        raise CliError("\n".join(lines))
    lines = [t(refusal, name=visible(student, multiline=False), cls=cls)]
    close = close_names(student, names)
    if close:
        shown = t("class.name_sep").join(visible(n, multiline=False) for n in close)
        lines.append(t("class.did_you_mean", names=shown))
    raise CliError("\n".join(lines))


def require_student(student: str | None) -> str:
    """The given student, else the remembered one; exits (usage error) when there is none."""
    from quizapp.i18n import t
    from quizapp.settings import Settings

    name = (student or Settings.load().student or "").strip()
    if not name:
        raise UsageFailure(t("cli.need_student"))
    return name


def check_database(db: str | None) -> None:
    """Refuse a SQLite file that is not a database before any screen opens.

    Only a look at the file's first bytes, so start-up stays light; the store runs the full
    check (and the one for a server) when it opens, after the first frame.
    """
    from pathlib import Path

    from quizapp import paths
    from quizapp.i18n import t

    url = paths.db_url(db)
    if not url.startswith("sqlite:///"):
        return
    path = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return  # a new file is created later; an unreadable one is reported by the store
    if head and head != b"SQLite format 3\x00":
        raise CliError(t("cli.store_error", error=f"{path}: {t('cli.not_a_database')}"))


def load_content(content: tuple[str, ...], no_builtin: bool, extra: tuple[str, ...] = ()):
    """The bank of built-in (unless ``no_builtin``) and teacher files; exits on problems."""
    from quizapp.i18n import t
    from quizapp.services.bank import ContentProblems, load_bank_cached

    if no_builtin and not content and not extra:
        raise UsageFailure(t("cli.no_builtin_needs_content"))
    try:
        return load_bank_cached([*content, *extra], builtin=not no_builtin)
    except ContentProblems as exc:
        lines = [t("cli.content_error"), *(f"  {line}" for line in problem_lines(exc.problems, 20))]
        raise CliError("\n".join(lines)) from None


#: How long the app waits at exit for the database to take what is still queued.
EXIT_WAIT_S = 30


def run_app(app) -> None:
    """Run the app, then make sure every answer reached the database or say which did not."""
    from quizapp.i18n import t

    app.run()
    recorder = app.recorder
    # run what is still queued (all of it if the app ended before its first frame), try
    # failed writes once more and close the database
    finished = recorder.stop(timeout=EXIT_WAIT_S)
    if recorder.failed or not finished:
        count = len(recorder.unsaved) or 1
        error = recorder.error or t("app.store_no_answer")
        raise CliError(t("app.unsaved_on_exit", count=count, error=error))
    if app.return_code:  # the app stopped on an error (Textual has shown it)
        raise SystemExit(app.return_code)


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

    run_app(QuizApp(bank, student=student, db_url=db, lang=language(), session=session,
                    student_id=student_id))


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
