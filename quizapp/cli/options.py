"""The options several commands share: which questions (``--set``, ``--tag``...), where
they come from (``--content``, ``--no-builtin``), the database and the student, the class.
Only click is imported here."""

from __future__ import annotations

import click

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


def _apply(fn, options):
    for option in reversed(options):
        fn = option(fn)
    return fn


def _set_tag_level():
    return [
        click.option("--set", "sets", multiple=True, metavar="SET",
                     help="A question set's key, title or file (repeatable; default: every "
                          "set)."),
        click.option("--tag", "tags", multiple=True, metavar="TAG",
                     help="Only questions with this tag (repeatable: any of them)."),
        click.option("--level", "levels", multiple=True,
                     type=click.Choice(("recall", "understand", "apply")),
                     help="Only questions of this level: recall, understand or apply "
                          "(repeatable)."),
    ]


def selection_options(fn):
    """--set/--tag/--type/--level/--count: which questions, shared with ``live host``."""
    sets, tags, levels = _set_tag_level()
    return _apply(fn, [
        sets, tags,
        click.option("--type", "types", multiple=True, type=click.Choice(TYPES),
                     help="Only questions of this type (repeatable)."),
        levels,
        click.option("--count", type=click.IntRange(min=1), metavar="N",
                     help="How many questions (default: all that match)."),
    ])


def card_selection_options(fn):
    """--set/--tag/--level: which cards (``cards``: every type is a card there, and every
    card due is reviewed)."""
    return _apply(fn, _set_tag_level())


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


def plain_option(fn):
    """--plain: the line-by-line interface for screen readers instead of the TUI."""
    return click.option("--plain", is_flag=True,
                        help="Whole lines of text for screen readers, never redrawn.")(fn)
