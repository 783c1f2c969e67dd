"""``quizapp export``: write question banks in other apps' formats (Anki .apkg)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from quizapp.cli.base import CliError, exit_on_sigterm, lang_option, refused_output

#: Show a progress bar on a terminal from this many questions up (smaller exports are instant).
PROGRESS_MIN = 1000


@click.group(short_help="Export questions to other apps (Anki decks).")
@lang_option
def export() -> None:
    """Export questions to other apps.

    \b
    Examples:
      quizapp export anki                       the built-in deck, into decks/
      quizapp export anki my.yaml -o my.apkg    a teacher's own file
    """


def _stderr_is_tty() -> bool:
    return sys.stderr.isatty()


def _default_output(paths: tuple[str, ...]) -> Path:
    """The built-in deck goes to the project's decks/; a teacher's to the current folder."""
    from quizapp import paths as app_paths

    if not paths:
        return app_paths.default_deck_path()
    return app_paths.teacher_deck_path(paths)


@export.command("anki", short_help="Write an Anki deck (.apkg) that re-imports cleanly.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=True, file_okay=True))
@click.option("-o", "--output", metavar="FILE.apkg",
              help="The .apkg to write (default: NAME.apkg in the current folder, NAME being "
                   "the question file's or folder's; the built-in content goes to the "
                   "project's decks/changzhutan-one-city.apkg). Only a name ending in .apkg "
                   "that is a regular file or does not exist yet is written (an existing "
                   "deck is replaced: re-exporting is how a deck is updated).")
@click.option("--removed-done", is_flag=True,
              help="The questions listed as no longer in the deck have been dealt with (deleted "
                   "in Anki, or told to the students): list them this time, then no more.")
@lang_option
def anki(paths: tuple[str, ...], output: str | None, removed_done: bool) -> None:
    """Write question files as an Anki deck (.apkg) that updates cleanly on re-import.

    PATHS are question files or folders; with no PATH the built-in content is exported.
    Each set becomes a subdeck (its `deck:` path); notes keep their identity across
    edits, and a manifest beside the deck (NAME.manifest.json) keeps the modification
    time of unchanged questions, so re-importing updates only what changed. Keep the
    manifest with the deck. Bad content is reported as path:line:col and nothing is
    written (exit 1).

    \b
    Examples:
      quizapp export anki                         decks/changzhutan-one-city.apkg
      quizapp export anki content/02-fences.yaml  decks/02-fences.apkg
      quizapp export anki my-questions/ -o ~/Desktop/class.apkg
    """
    from quizapp.cli.base import problem_lines
    from quizapp.core.loader import load_builtin, load_paths
    from quizapp.i18n import t, tn

    result = load_paths(paths) if paths else load_builtin()
    if result.problems:
        lines = [*problem_lines(result.problems), tn("export.problems", len(result.problems))]
        raise CliError("\n".join(lines))
    bank = result.bank
    total = len(bank)
    if total == 0:
        raise CliError(t("export.no_questions"))

    from quizapp.export.anki import ExportError, export_anki
    from quizapp.files import RefusedOutput, check_output
    from quizapp.untrusted import visible

    try:
        out = check_output(output if output is not None else _default_output(paths), ".apkg")
    except RefusedOutput as exc:
        raise refused_output(exc) from None
    exit_on_sigterm()
    show = total >= PROGRESS_MIN and _stderr_is_tty()
    try:
        if show:
            with click.progressbar(length=total, label=t("export.progress"), file=sys.stderr,
                                   update_min_steps=max(1, total // 100)) as bar:
                res = export_anki(bank, out, on_note=lambda: bar.update(1),
                                  removed_done=removed_done)
        else:
            res = export_anki(bank, out, removed_done=removed_done)
    except ExportError as exc:
        from quizapp.i18n import render

        where = f"{exc.where}: " if exc.where else ""
        raise CliError(t("cli.error", message=where + render(exc.message))) from None
    except RefusedOutput as exc:  # the manifest beside the deck
        raise refused_output(exc) from None
    except OSError as exc:
        where = exc.filename or out
        raise CliError(t("export.cannot_write", path=where, error=exc.strerror or exc)) from None
    click.echo(visible(t("export.wrote", path=res.path, notes=res.notes, cards=res.cards,
                         decks=tn("export.decks", res.decks), new=res.new,
                         changed=res.changed, unchanged=res.unchanged)))
    click.echo(visible(t("export.manifest", path=res.manifest_path)))
    if res.removed:
        from quizapp.export.anki import ID_TAG

        click.echo(tn("export.removed", len(res.removed), ids=", ".join(res.removed)))
        click.echo(t("export.removed_in_anki", tag=f"tag:{ID_TAG}{res.removed[0]}"))
        click.echo(t("export.removed_done" if removed_done else "export.removed_until_done"))
    for qid in res.retyped:
        click.echo(t("export.retyped", id=qid), err=True)



@export.command("gift", short_help="Write a Moodle GIFT file (.gift).")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=True, file_okay=True))
@click.option("-o", "--output", metavar="FILE.gift",
              help="The .gift file to write (a name ending in .gift, a regular file or not "
                   "there yet); without it the file is printed.")
@lang_option
def gift(paths: tuple[str, ...], output: str | None) -> None:
    """Write question files as Moodle GIFT (Moodle: Question bank, Import, GIFT format).

    PATHS are question files or folders; with no PATH the built-in content is written.
    Each set becomes a category, each question's id its title. Questions without a GIFT
    form (order, card, fill with several blanks) are listed and left out. `quizapp
    import` reads the file back into the same questions.

    \b
    Examples:
      quizapp export gift -o one-city.gift
      quizapp export gift content/02-fences.yaml -o fences.gift
    """
    from quizapp.cli.base import problem_lines
    from quizapp.core.loader import load_builtin, load_paths
    from quizapp.i18n import t

    result = load_paths(paths) if paths else load_builtin()
    if result.problems:
        lines = problem_lines(result.problems)
        raise CliError("\n".join([*lines, t("export.gift.problems", count=len(result.problems))]))

    from quizapp.export.gift import export_gift
    from quizapp.files import RefusedOutput, check_output
    from quizapp.untrusted import visible

    if output is not None:
        try:
            output = check_output(output, ".gift")
        except RefusedOutput as exc:
            raise refused_output(exc) from None
    exported = export_gift(result.bank)
    for qid, reason in exported.left_out:
        click.echo(visible(f"{qid}: {t(reason)}"), err=True)
    if not exported.written:
        click.echo(t("export.gift.nothing"), err=True)
        raise SystemExit(1)
    if output is None:
        sys.stdout.write(visible(exported.text))
    else:
        from quizapp.files import write_bytes

        try:
            write_bytes(output, exported.text.encode("utf-8"))
        except OSError as exc:
            click.echo(visible(t("import.cannot_write", path=exc.filename or output,
                                 error=exc.strerror or exc)), err=True)
            raise SystemExit(1) from None
    click.echo(visible(t("export.gift.summary", count=exported.written,
                         left=len(exported.left_out), path=output or "-")), err=True)
