"""``quizapp student``: the teacher's changes to students: list, rename, merge, remove.

A student is named by their name, their student number, or ``#ID`` (the id ``quizapp
student list`` shows); a name two students share is refused with what tells them apart.
"""

from __future__ import annotations

import click

from quizapp.cli.base import CliError, lang_option
from quizapp.cli.classes import _db_option, _open_store, confirm


def _find(store, who: str, class_name: str | None):
    """The one student ``who`` names (see the module), as a StudentInfo."""
    from quizapp.i18n import t
    from quizapp.services.rosters import describe
    from quizapp.untrusted import visible

    who = " ".join(who.split())
    shown = visible(who, multiline=False)
    if who.startswith("#") and who[1:].isdigit():
        found = store.classes.student_infos([int(who[1:])])
    else:
        found = store.classes.student_infos(name=who)
        if not found:
            numbered = store.classes.student_by_number(who)
            found = store.classes.student_infos([numbered.id]) if numbered is not None else []
    if class_name is not None:
        found = [s for s in found if class_name in s.classes]
    if not found:
        raise CliError(t("student.not_found", who=shown))
    if len(found) > 1:
        lines = [t("student.which", who=shown)]
        lines += [f"  #{s.id}  " + visible(describe(s, t), multiline=False) for s in found]
        lines.append(t("student.which_hint"))
        raise CliError("\n".join(lines))
    return found[0]


def _shown(info, store) -> str:
    from quizapp.i18n import t
    from quizapp.services.rosters import describe
    from quizapp.untrusted import visible

    scores = store.classes.scores_of(info.id)
    return t("student.summary", student=visible(describe(info, t), multiline=False),
             id=info.id, attempts=scores.attempts, reviews=scores.reviews)


_class_option = click.option("--class", "class_name", metavar="NAME", default=None,
                             help="Only a student of this class (when a name is shared).")


@click.group("student", short_help="Students: list, rename, merge, remove.")
@lang_option
def student() -> None:
    """The teacher's changes to students. A student is named by their name, student
    number, or #ID (quizapp student list shows ids); with a name two students share, say
    which (--class, the number or #ID).

    \b
    Examples:
      quizapp student list --class 高一3班
      quizapp student rename 张伟 张薇 --class 高一5班
      quizapp student merge "#14" "#3"
      quizapp student remove 学号 --with-scores
    """


@student.command("list", short_help="Students with their ids, numbers and classes.")
@click.argument("name", required=False)
@_class_option
@_db_option
@lang_option
def list_(name: str | None, class_name: str | None, db: str | None) -> None:
    """Every student (or those called NAME, or of a class) with their id, student number,
    classes and how many quizzes and reviews they have recorded.

    \b
    Examples:
      quizapp student list
      quizapp student list 张伟
    """
    from rich.console import Console
    from rich.table import Table

    from quizapp.cli.teacher_gate import require_teacher
    from quizapp.i18n import t
    from quizapp.storage import StorageError
    from quizapp.untrusted import visible

    store = _open_store(db)
    try:
        require_teacher(store)
        infos = store.classes.student_infos(name=name)
        if class_name is not None:
            class_name = " ".join(class_name.split())
            infos = [s for s in infos if class_name in s.classes]
        rows = [(s, store.classes.scores_of(s.id)) for s in infos]
    except StorageError as exc:
        raise CliError(t("cli.error", message=visible(str(exc)))) from None
    finally:
        store.close()
    if not rows:
        click.echo(t("student.none"))
        return
    table = Table(box=None, show_edge=False, pad_edge=False)
    for key, justify in (("student.col_id", "right"), ("class.col_student", "left"),
                         ("class.col_number", "left"), ("class.col_class", "left"),
                         ("student.col_quizzes", "right"), ("student.col_reviews", "right")):
        table.add_column(t(key), justify=justify)  # type: ignore[arg-type]
    for info, scores in rows:
        table.add_row(f"#{info.id}", visible(info.name, multiline=False),
                      visible(info.number, multiline=False),
                      visible(t("class.name_sep").join(info.classes), multiline=False),
                      str(scores.attempts), str(scores.reviews))
    Console(markup=False, highlight=False, soft_wrap=False).print(table)


@student.command("rename", short_help="Give a student another name or student number.")
@click.argument("who")
@click.argument("new_name", required=False)
@click.option("--number", default=None, metavar="NUMBER",
              help="The student's number (学号); \"\" removes it.")
@_class_option
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@_db_option
@lang_option
def rename(who: str, new_name: str | None, number: str | None, class_name: str | None,
           yes: bool, db: str | None) -> None:
    """Give the student WHO the name NEW_NAME (and/or --number). Their scores stay theirs.

    \b
    Examples:
      quizapp student rename 学号 赵磊 --class "高一（4）班"
      quizapp student rename "#7" --number 20230407
    """
    from quizapp.cli.teacher_gate import require_teacher
    from quizapp.i18n import t
    from quizapp.storage import StorageError
    from quizapp.untrusted import visible

    if new_name is not None and not new_name.strip():
        raise CliError(t("student.no_name"), 2)
    if new_name is None and number is None:
        raise CliError(t("student.rename_nothing"), 2)
    store = _open_store(db)
    try:
        require_teacher(store)
        info = _find(store, who, class_name)
        change = []
        if new_name is not None:
            change.append(t("student.new_name", name=visible(" ".join(new_name.split()),
                                                             multiline=False)))
        if number is not None:
            change.append(t("student.new_number", number=visible(number.strip(),
                                                                 multiline=False))
                          if number.strip() else t("student.no_number"))
        confirm(t("student.rename_confirm", student=_shown(info, store),
                  change=t("class.name_sep").join(change)), yes)
        store.classes.rename_student(info.id, new_name, number)
    except StorageError as exc:
        raise CliError(t("cli.error", message=visible(str(exc)))) from None
    finally:
        store.close()
    click.echo(t("student.renamed", id=info.id))


@student.command("merge", short_help="Make two records of one student one (scores kept).")
@click.argument("duplicate")
@click.argument("into")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@_db_option
@lang_option
def merge(duplicate: str, into: str, yes: bool, db: str | None) -> None:
    """Make the student DUPLICATE part of the student INTO: every quiz, answer and
    flashcard review of both is kept, under INTO; INTO joins DUPLICATE's classes and
    takes its student number if it has none; DUPLICATE is then gone.

    \b
    Examples:
      quizapp student merge "#14" "#3"
      quizapp student merge 张伟 20230301      by student number
    """
    from quizapp.cli.teacher_gate import require_teacher
    from quizapp.i18n import t
    from quizapp.storage import StorageError
    from quizapp.untrusted import visible

    store = _open_store(db)
    try:
        require_teacher(store)
        other = _find(store, duplicate, None)
        keep = _find(store, into, None)
        if other.id == keep.id:
            raise CliError(t("student.merge_self"), 2)
        if other.number and keep.number and other.number != keep.number:
            raise CliError(t("student.merge_numbers", a=visible(other.number),
                             b=visible(keep.number)))
        mine, theirs = store.classes.scores_of(keep.id), store.classes.scores_of(other.id)
        confirm(t("student.merge_confirm", other=_shown(other, store),
                  keep=_shown(keep, store), attempts=mine.attempts + theirs.attempts,
                  reviews=mine.reviews + theirs.reviews), yes)
        store.classes.merge_students(keep.id, other.id)
        after = store.classes.scores_of(keep.id)
    except StorageError as exc:
        raise CliError(t("cli.error", message=visible(str(exc)))) from None
    finally:
        store.close()
    click.echo(t("student.merged", id=keep.id, other=other.id, attempts=after.attempts,
                 reviews=after.reviews))


@student.command("remove", short_help="Remove a student (refused while they have scores).")
@click.argument("who")
@_class_option
@click.option("--with-scores", is_flag=True,
              help="Remove the student's quizzes, answers and reviews too.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@_db_option
@lang_option
def remove(who: str, class_name: str | None, with_scores: bool, yes: bool,
           db: str | None) -> None:
    """Remove the student WHO (from every class). Refused while they have quizzes or
    reviews, unless --with-scores (which removes those too).

    \b
    Examples:
      quizapp student remove 学号 --class "高一（4）班"
      quizapp student remove "#9" --with-scores
    """
    from quizapp.cli.teacher_gate import require_teacher
    from quizapp.i18n import t
    from quizapp.storage import StorageError
    from quizapp.untrusted import visible

    store = _open_store(db)
    try:
        require_teacher(store)
        info = _find(store, who, class_name)
        scores = store.classes.scores_of(info.id)
        if scores.any and not with_scores:
            raise CliError(t("student.has_scores", student=_shown(info, store)))
        confirm(t("student.remove_confirm", student=_shown(info, store)), yes)
        store.classes.remove_student(info.id)
    except StorageError as exc:
        raise CliError(t("cli.error", message=visible(str(exc)))) from None
    finally:
        store.close()
    click.echo(t("student.removed", id=info.id, attempts=scores.attempts,
                 reviews=scores.reviews))
