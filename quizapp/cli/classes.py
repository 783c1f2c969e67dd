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


@click.group("class", short_help="Classes and rosters: add, list, show.")
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


@class_.command("add", short_help="Add a class, or replace its roster.")
@click.argument("name")
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A roster: .xlsx or .csv, one student a row (name, optional student number; "
                   "a header row 姓名/学号 is optional).")
@_db_option
@lang_option
def add(name: str, roster: Path | None, db: str | None) -> None:
    """Add the class NAME; with --roster, make that file its roster (a class that exists
    already gets the new roster: students not on it leave the class, their scores stay).

    \b
    Examples:
      quizapp class add 高一3班
      quizapp class add 高一3班 --roster 名单.xlsx
      quizapp class add 高一3班 --roster 新名单.csv     replace the roster
    """
    from quizapp.i18n import t
    from quizapp.importers.common import ReadError
    from quizapp.importers.roster import read_roster
    from quizapp.untrusted import visible

    name = " ".join(name.split())
    if not name:
        raise CliError(t("class.no_name"), 2)
    entries = None
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
    store = _open_store(db, create=True)
    try:
        created = store.classes.create_class(name)
        if not created and entries is None:
            raise CliError(t("class.exists", name=visible(name, multiline=False)))
        if entries is not None:
            store.classes.set_roster(name, entries)
    finally:
        store.close()
    shown = visible(name, multiline=False)
    if entries is None:
        click.echo(t("class.added", name=shown))
    elif created:
        click.echo(t("class.added_roster", name=shown, n=len(entries)))
    else:
        click.echo(t("class.replaced_roster", name=shown, n=len(entries)))


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
