"""``quizapp import``: question banks from Excel/CSV, GIFT, Aiken and Anki -> a question file."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from quizapp.cli.base import lang_option

FORMAT_CHOICES = ("auto", "xlsx", "csv", "gift", "aiken", "anki")
_MODULE_OF_FORMAT = {"xlsx": "table", "csv": "table", "gift": "gift", "aiken": "aiken",
                     "anki": "anki"}


def _sniff_text(path: Path) -> str | None:
    """A table, GIFT or Aiken, for a .txt file: a table's first line is a header row
    separated by tabs or commas (Excel's "Unicode text" is UTF-16 and tab-separated),
    Aiken has ``ANSWER:`` lines, GIFT has ``{...}``."""
    import re

    from quizapp.importers.table import looks_like_table

    try:
        with path.open("rb") as fh:
            data = fh.read(65536)
    except OSError:
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = data.decode("utf-16", errors="replace")
    else:
        head = data.decode("utf-8", errors="replace")
    if looks_like_table(head):
        return "table"
    # spaces and tabs only around ANSWER: ``^\s*`` would rescan every blank line after
    # each line start (64 KB of newlines took seconds)
    if re.search(r"^[ \t\f\v\r]*ANSWER[ \t]*:", head, re.MULTILINE):
        return "aiken"
    if "{" in head:
        return "gift"
    return None


def _module_for(path: Path, fmt: str) -> str | None:
    from quizapp.importers import FORMATS

    if fmt != "auto":
        return _MODULE_OF_FORMAT[fmt]
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return _sniff_text(path)
    return FORMATS.get(suffix)


def _echo_err(message: str) -> None:
    """A line for the terminal; it may quote the imported file, so controls are shown."""
    from quizapp.untrusted import visible

    click.echo(visible(message), err=True)


def _write(path: Path, data: bytes) -> None:
    from quizapp.files import write_bytes

    write_bytes(path, data)


@click.command("import", short_help="Import questions from Excel/CSV, GIFT, Aiken or Anki.")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The question file (.yaml) to write; without it the file is printed.")
@click.option("--set-title", help="The question set's title (default: from the file).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="auto",
              show_default=True, help="The input's format (auto: from the file name).")
@click.option("--force", is_flag=True,
              help="Replace the output file (-o) when it exists already.")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an empty Excel template (.xlsx), one example row per type, and exit.")
@lang_option
def import_(file: Path | None, output: Path | None, set_title: str | None, fmt: str,
            force: bool, template: Path | None) -> None:
    """Turn a question bank from another app into a question file that `quizapp validate`
    passes.

    FILE is an Excel workbook (.xlsx) or CSV in the 题库 template (see --template), a
    Moodle GIFT or Aiken text file, or an Anki package (.apkg, .colpkg). Every question
    that cannot be taken is listed with its place in FILE and the reason; the exit status
    is 1 when anything was left out, 0 when everything came in.

    \b
    Examples:
      quizapp import --template 题库模板.xlsx
      quizapp import 题库.xlsx -o content/my-bank.yaml --set-title 第一单元
      quizapp import moodle.gift -o gift.yaml
      quizapp import deck.apkg -o deck.yaml
      quizapp import 题库.xlsx -o bank.yaml --force   replace bank.yaml
    """
    from quizapp.i18n import t

    if template is not None:
        from quizapp.files import write_atomic
        from quizapp.importers.table import write_template

        try:
            write_atomic(template, write_template)
        except OSError as exc:
            _echo_err(t("import.cannot_write", path=exc.filename or template,
                        error=exc.strerror or exc))
            raise SystemExit(1) from None
        click.echo(t("import.template_written", path=template))
        if file is None:
            return
    if file is None:
        raise click.UsageError(t("import.need_file"))
    name = str(file)
    if not file.is_file():
        _echo_err(t("import.no_file", path=name))
        raise SystemExit(1)
    if output is not None:
        from quizapp.cli.base import refused_output
        from quizapp.files import RefusedOutput, check_output

        try:  # a question file that is a regular file or absent: never a device or a FIFO
            output = check_output(output, (".yaml", ".yml"))
        except RefusedOutput as exc:
            raise refused_output(exc) from None
    if output is not None and output.exists() and output.resolve() == file.resolve():
        _echo_err(t("import.same_file", path=output))
        raise SystemExit(1)
    if output is not None and output.exists() and not force:
        _echo_err(t("import.exists", path=output))
        raise SystemExit(1)
    module = _module_for(file, fmt)
    if module is None:
        _echo_err(t("import.unknown_format", path=name))
        raise SystemExit(1)

    from quizapp.importers.common import ReadError, finish, prefix_of

    reader = importlib.import_module(f"quizapp.importers.{module}")
    read = reader.read_csv if fmt == "csv" else reader.read  # csv: whatever the suffix
    try:
        imported = read(file, name)
    except ReadError as exc:
        _echo_err(str(exc))
        raise SystemExit(1) from None
    except OSError as exc:
        _echo_err(t("import.cannot_read", path=name, error=exc.strerror or exc))
        raise SystemExit(1) from None
    title = set_title or imported.title or file.stem
    prefix = (output.stem if output is not None else "") or file.stem
    result = finish(imported, title=title, id_prefix=prefix_of(prefix))
    from quizapp.untrusted import MAX_PROBLEMS

    lines = [str(item) for item in result.skipped]
    lines += [f"{item.where}: {t('import.note')}{item.reason}" for item in result.notes]
    for line in lines[:MAX_PROBLEMS]:
        _echo_err(line)
    if len(lines) > MAX_PROBLEMS:  # a file of a million broken rows: counted, not listed
        _echo_err(t("import.more", path=name, n=len(lines) - MAX_PROBLEMS, limit=MAX_PROBLEMS))
    if not result.questions:
        _echo_err(t("import.nothing_taken", path=name))
        raise SystemExit(1)
    from quizapp.i18n import type_counts

    by_type = type_counts(result.by_type)
    by_type = t("validate.by_type", counts=by_type) if by_type else ""
    if output is None:
        sys.stdout.write(result.text)
        sys.stdout.flush()
    else:
        try:
            _write(output, result.text.encode("utf-8"))
        except OSError as exc:
            _echo_err(t("import.cannot_write", path=exc.filename or output,
                        error=exc.strerror or exc))
            raise SystemExit(1) from None
        _echo_err(t("import.wrote", path=output))
    if result.skipped:
        _echo_err(t("import.summary_skipped", count=result.questions, by_type=by_type,
                    skipped=len(result.skipped)))
        raise SystemExit(1)
    _echo_err(t("import.summary", count=result.questions, by_type=by_type))
