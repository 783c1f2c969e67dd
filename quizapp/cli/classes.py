"""``quizapp class``: a teacher's classes and their rosters."""

from __future__ import annotations

from pathlib import Path

import click

from quizapp.cli.base import CliError, lang_option

_db_option = click.option(
    "--db", metavar="URL", default=None,
    help="Database URL or SQLite file (default: QUIZAPP_DB, else the user's data folder).")


def _open_store(db: str | None, *, create: bool = False):
    from quizapp import paths
    from quizapp.i18n import t
    from quizapp.storage import StorageError, Store
    from quizapp.untrusted import visible

    try:
        return Store.open(paths.db_url(db), create=create)
    except StorageError as exc:
        raise CliError(t("cli.error", message=visible(str(exc)))) from None


def _echo(text: str) -> None:
    from quizapp.untrusted import visible

    click.echo(visible(text))


def _unknown(name: str) -> CliError:
    from quizapp.i18n import t
    from quizapp.untrusted import visible

    return CliError(t("class.unknown", name=visible(name, multiline=False)))


@click.group("class", short_help="Classes and rosters: add, list, show, rename, remove.")
@lang_option
def class_() -> None:
    """A teacher's classes: each has a roster of students (names, optional student numbers).

    When a class has a roster, students pick their name from it on Home; every report and
    the teacher's dashboard take --class.

    \b
    Examples:
      quizapp class add 高一3班 --roster 高一3班.xlsx
      quizapp class list
      quizapp class show 高一3班
      quizapp report --class 高一3班
    """


def confirm(prompt: str, yes: bool) -> None:
    """Ask before a change (``--yes``: don't); no (or no answer) stops with nothing done."""
    from quizapp.i18n import t

    if yes:
        return
    try:
        ok = click.confirm(prompt, default=False, err=True,
                           prompt_suffix=t("prompt.suffix"))
    except (click.Abort, EOFError):
        ok = False
    if not ok:
        raise CliError(t("class.nothing_done"))


def _parse_same_as(values: tuple[str, ...]) -> dict[str, int | None]:
    from quizapp.i18n import t

    out: dict[str, int | None] = {}
    for value in values:
        name, _, wanted = value.partition("=")
        name = " ".join(name.split())
        wanted = wanted.strip().lstrip("#")
        if not name or (wanted and not wanted.isdigit()):
            raise CliError(t("class.bad_same_as", value=value), 2)
        out[name] = int(wanted) if wanted else None
    return out


def _ask_namesakes(linked, questions, shown_class: str) -> None:
    """Ask, for each roster line with namesakes, whether it is one of them or a new
    student; with nowhere to answer, stop with how to say it on the command line."""
    from quizapp.i18n import t
    from quizapp.services.rosters import decide, describe
    from quizapp.untrusted import visible

    for question in questions:
        name = visible(question.entry.name, multiline=False)
        click.echo(t("class.namesake", name=name, cls=shown_class), err=True)
        for i, info in enumerate(question.candidates, 1):
            click.echo(f"  {i}) " + visible(describe(info, t), multiline=False)
                       + f"  #{info.id}", err=True)
        click.echo("  n) " + t("class.namesake_new"), err=True)
        choices = [str(i) for i in range(1, len(question.candidates) + 1)] + ["n"]
        try:
            picked = click.prompt(t("class.namesake_ask",
                                    choices=t("class.name_sep").join(choices)),
                                  type=click.Choice(choices), err=True, show_choices=False,
                                  prompt_suffix=t("prompt.suffix"))
        except (click.Abort, EOFError):
            raise CliError(t("class.namesake_unanswered", name=name)) from None
        decide(linked, question,
               None if picked == "n" else question.candidates[int(picked) - 1].id)


@class_.command("add", short_help="Add a class, or replace its roster.")
@click.argument("name")
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A roster: .xlsx or .csv, one student a row (name, optional student number; "
                   "a header row 姓名/学号 is optional).")
@click.option("--same-as", "same_as", multiple=True, metavar="NAME[=ID]",
              help="A roster name that is the student of that name already in the database "
                   "(=ID: which one, when several; repeatable).")
@click.option("--new", "new", multiple=True, metavar="NAME",
              help="A roster name that is a new student, although a student of that name "
                   "is already in the database (repeatable).")
@_db_option
@lang_option
def add(name: str, roster: Path | None, same_as: tuple[str, ...], new: tuple[str, ...],
        db: str | None) -> None:
    """Add the class NAME; with --roster, make that file its roster (a class that exists
    already gets the new roster: students not on it leave the class, their scores stay).

    A roster line is the student with its student number, or the one of that name already
    on this class's roster. A name another student already has, with no number that says
    it is the same person, is asked about (or say it with --same-as / --new): no student
    is ever merged with another on a name alone.

    \b
    Examples:
      quizapp class add 高一3班
      quizapp class add 高一3班 --roster 名单.xlsx
      quizapp class add 高一3班 --roster 新名单.csv     replace the roster
      quizapp class add 高一5班 --roster 5班.csv --new 张伟
      quizapp class add 高一5班 --roster 5班.csv --same-as 张伟=12
    """
    from quizapp.cli.teacher_gate import teacher_store
    from quizapp.i18n import t
    from quizapp.importers.common import ReadError
    from quizapp.importers.roster import read_roster
    from quizapp.services.rosters import Unresolved, answer, link_roster
    from quizapp.untrusted import visible

    name = " ".join(name.split())
    if not name:
        raise CliError(t("class.no_name"), 2)
    wanted = _parse_same_as(same_as)
    new_names = {" ".join(n.split()) for n in new}
    entries = None
    read = None
    if roster is not None:
        try:
            read = read_roster(roster)
        except ReadError as exc:
            raise CliError(visible(str(exc))) from None
        except OSError as exc:
            raise CliError(t("cli.error", message=visible(f"{roster}: {exc.strerror}"))) from None
        if read.problems:
            for line in read.problems:
                click.echo(visible(line), err=True)
            raise CliError(t("class.roster_problems", n=len(read.problems)))
        entries = read.entries
        for line in read.how_read():
            click.echo(visible(line), err=True)
    shown = visible(name, multiline=False)
    with teacher_store(db, create=True) as store:
        if entries is not None:
            linked = link_roster(store.classes, name, entries)
            try:
                left = answer(linked, wanted, new_names)
            except Unresolved as exc:
                raise CliError(t("class.same_as_not_namesake",
                                 name=visible(exc.name, multiline=False),
                                 id=exc.student_id if exc.student_id is not None else "")
                               ) from None
            _ask_namesakes(linked, left, shown)
            entries = linked.entries
        created = store.classes.create_class(name)
        if not created and entries is None:
            raise CliError(t("class.exists", name=shown))
        if entries is not None:
            known = sum(1 for e in entries if e.student_id is not None)
            store.classes.set_roster(name, entries)
    if entries is None:
        click.echo(t("class.added", name=shown))
        return
    if created:
        click.echo(t("class.added_roster", name=shown, n=len(entries)))
    else:
        click.echo(t("class.replaced_roster", name=shown, n=len(entries)))
    click.echo(t("class.linked_summary", known=known, new=len(entries) - known))


@class_.command("remove", short_help="Remove a class (its students and scores stay).")
@click.argument("name")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@_db_option
@lang_option
def remove(name: str, yes: bool, db: str | None) -> None:
    """Remove the class NAME and its roster. Its students stay, with every score they
    have (quizapp student remove removes a student).

    \b
    Examples:
      quizapp class remove 高一9班
      quizapp class remove 高一9班 --yes
    """
    from quizapp.cli.teacher_gate import require_teacher, teacher_store
    from quizapp.i18n import t
    from quizapp.untrusted import visible

    name = " ".join(name.split())
    shown = visible(name, multiline=False)
    with teacher_store(db, ask=False) as store:
        if not store.classes.class_exists(name):
            raise _unknown(name)
        require_teacher(store)
        n = len(store.classes.roster(name))
        confirm(t("class.remove_confirm", name=shown, n=n), yes)
        store.classes.remove_class(name)
    click.echo(t("class.removed", name=shown, n=n))


@class_.command("rename", short_help="Give a class another name.")
@click.argument("name")
@click.argument("new_name")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@_db_option
@lang_option
def rename(name: str, new_name: str, yes: bool, db: str | None) -> None:
    """Give the class NAME the name NEW_NAME (its roster and scores stay with it).

    \b
    Examples:
      quizapp class rename 高一3班 "高一（3）班"
    """
    from quizapp.cli.teacher_gate import require_teacher, teacher_store
    from quizapp.i18n import t
    from quizapp.untrusted import visible

    name, new_name = " ".join(name.split()), " ".join(new_name.split())
    if not new_name:
        raise CliError(t("class.no_name"), 2)
    shown, shown_new = visible(name, multiline=False), visible(new_name, multiline=False)
    with teacher_store(db, ask=False) as store:
        if not store.classes.class_exists(name):
            raise _unknown(name)
        if store.classes.class_exists(new_name):
            raise CliError(t("class.exists_already", name=shown_new))
        require_teacher(store)
        confirm(t("class.rename_confirm", name=shown, new=shown_new), yes)
        store.classes.rename_class(name, new_name)
    click.echo(t("class.renamed", name=shown, new=shown_new))


@class_.command("list", short_help="Every class and its number of students.")
@_db_option
@lang_option
def list_(db: str | None) -> None:
    """Every class, with its number of students.

    \b
    Examples:
      quizapp class list
      quizapp class list --db postgresql+psycopg://teacher@school/quiz
    """
    from rich.console import Console
    from rich.table import Table

    from quizapp.i18n import t
    from quizapp.untrusted import visible

    store = _open_store(db)
    try:
        classes = store.classes.classes()
    finally:
        store.close()
    if not classes:
        click.echo(t("class.none"))
        return
    table = Table(box=None, show_edge=False, pad_edge=False)
    table.add_column(t("class.col_class"))
    table.add_column(t("class.col_students"), justify="right")
    for info in classes:
        table.add_row(visible(info.name, multiline=False), str(info.students))
    Console(markup=False, highlight=False, soft_wrap=False).print(table)


@class_.command("show", short_help="A class's roster.")
@click.argument("name")
@_db_option
@lang_option
def show(name: str, db: str | None) -> None:
    """The roster of the class NAME, in roster order.

    \b
    Examples:
      quizapp class show 高一3班
    """
    from rich.console import Console
    from rich.table import Table

    from quizapp.i18n import t
    from quizapp.storage.classes import UnknownClass
    from quizapp.untrusted import visible

    store = _open_store(db)
    try:
        entries = store.classes.roster(" ".join(name.split()))
    except UnknownClass:
        raise _unknown(name) from None
    finally:
        store.close()
    click.echo(t("class.heading", name=visible(name, multiline=False), n=len(entries)))
    if not entries:
        click.echo(t("class.empty_roster"))
        return
    table = Table(box=None, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column(t("class.col_student"))
    table.add_column(t("class.col_number"))
    for i, entry in enumerate(entries, 1):
        table.add_row(str(i), visible(entry.name, multiline=False),
                      visible(entry.number, multiline=False))
    Console(markup=False, highlight=False, soft_wrap=False).print(table)


@class_.command("keys", short_help="Homework keys for a class's students.")
@click.argument("name")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the slips to this file (.csv or .xlsx) instead of the terminal.")
@click.option("--new", "new", is_flag=True,
              help="A new key for every student (their old keys stop working).")
@_db_option
@lang_option
def keys(name: str, output: Path | None, new: bool, db: str | None) -> None:
    """Give each student on the roster of class NAME a personal homework key, and print the
    slips to hand out (name, student number, key). On the school's PostgreSQL, a student
    on the shared student login types their key once on Home to do the class's homework.

    Only a hash of each key is kept: a key is shown once, when it is made. Run again, it
    makes keys for students who have none (new on the roster); --new replaces every key.

    \b
    Examples:
      quizapp class keys 高一3班
      quizapp class keys 高一3班 -o 作业码.xlsx
      quizapp class keys 高一3班 --new -o 作业码.csv
    """
    from quizapp.cli.base import refused_output
    from quizapp.cli.teacher_gate import teacher_store
    from quizapp.files import RefusedOutput, check_output
    from quizapp.i18n import t
    from quizapp.storage.classes import UnknownClass
    from quizapp.untrusted import visible

    name = " ".join(name.split())
    if output is not None:
        try:
            output = check_output(output, (".csv", ".xlsx"))
        except RefusedOutput as exc:
            raise refused_output(exc) from None
    with teacher_store(db) as store:
        try:
            slips = store.keys.issue(name, replace=new)
        except UnknownClass:
            raise _unknown(name) from None
    shown = visible(name, multiline=False)
    if not slips:
        click.echo(t("class.empty_roster"))
        return
    records = [{"student": s.name, "number": s.number or "",
                "key": s.key if s.key is not None else t("keys.kept")} for s in slips]
    made = sum(1 for s in slips if s.key is not None)
    if output is None:
        from rich.console import Console
        from rich.table import Table

        table = Table(box=None, show_edge=False, pad_edge=False)
        for column in ("student", "number", "key"):
            table.add_column(t(f"keys.col_{column}"))
        for record in records:
            table.add_row(*(visible(v, multiline=False) for v in record.values()))
        Console(markup=False, highlight=False, soft_wrap=False).print(table)
    else:
        _write_slips(output, shown, records)
        click.echo(t("keys.written", path=visible(str(output))), err=True)
    click.echo(t("keys.summary", cls=shown, made=made, kept=len(slips) - made), err=True)


def _write_slips(path: Path, class_name: str, records: list[dict[str, str]]) -> None:
    """The slips as CSV (UTF-8 with a byte order mark, for Excel) or xlsx, written
    atomically to ``path`` only, readable by its owner only (the keys are secrets); every
    cell defused."""
    from quizapp.export.report import csv_text, write_xlsx
    from quizapp.files import write_bytes
    from quizapp.i18n import t

    headers = {k: t(f"keys.col_{k}") for k in ("student", "number", "key")}
    try:
        if path.suffix.lower() == ".xlsx":
            write_xlsx(path, [(class_name, records)], headers, t("class.empty_roster"),
                       t("keys.title", cls=class_name), mode=0o600)
        else:
            write_bytes(path, ("\ufeff" + csv_text(records, headers)).encode("utf-8"),
                        mode=0o600)
    except OSError as exc:
        from quizapp.untrusted import visible

        raise CliError(t("cli.error", message=visible(f"{path}: {exc.strerror}"))) from None
