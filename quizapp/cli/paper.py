"""``quizapp print``: a PDF exam paper with its answer sheet and answer key."""

from __future__ import annotations

from pathlib import Path

import click

from quizapp.cli.base import lang_option


@click.command("print", short_help="Write a printable exam paper (PDF) with its answer key.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=True, file_okay=True))
@click.option("--set", "sets", multiple=True, metavar="SET",
              help="A question set (file name, key or title); repeat for several. "
                   "Default: every set.")
@click.option("--level", "levels", multiple=True,
              type=click.Choice(("recall", "understand", "apply")),
              help="Only questions of this level: recall, understand or apply (repeatable).")
@click.option("--count", type=click.IntRange(min=1), help="Draw this many questions (by --seed).")
@click.option("--versions", default="A", show_default=True,
              help="Versions, comma-separated (A,B): each shuffles questions and options.")
@click.option("--seed", default="1", show_default=True,
              help="The same seed gives the same paper.")
@click.option("--title", help="The paper's title (default: the set's title).")
@click.option("--minutes", type=click.IntRange(min=1), default=40, show_default=True,
              help="Time allowed, printed in the header.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF to write (required).")
@click.option("--key", "key_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the answer key to this PDF instead of after the paper.")
@lang_option
def print_(paths: tuple[str, ...], sets: tuple[str, ...], levels: tuple[str, ...],
           count: int | None, versions: str,
           seed: str, title: str | None, minutes: int, output: Path | None,
           key_path: Path | None) -> None:
    """Write a PDF exam paper: a header with name and score lines, the questions grouped
    by type with an instruction per group, an answer sheet, and the answer key with
    explanations and quotes. Chinese text uses an embedded font, so it prints the same
    everywhere.

    PATHS are question files or folders; with no PATH the built-in content is used.

    \b
    Examples:
      quizapp print -o paper.pdf
      quizapp print --set 04-chess --set 02-fences --count 20 -o paper.pdf
      quizapp print --count 40 --versions A,B --seed 2024 -o exam.pdf --key exam-key.pdf
      quizapp print --level understand --level apply -o thinking.pdf
    """
    from quizapp.core.loader import load_builtin, load_paths
    from quizapp.i18n import t
    from quizapp.untrusted import visible

    if output is None:
        raise click.UsageError(t("paper.no_output"))
    from quizapp.cli.base import refused_output
    from quizapp.files import RefusedOutput, check_apart, check_output

    try:  # only a .pdf that is a regular file or absent: never the question file itself
        output = check_output(output, ".pdf")
        key_path = check_output(key_path, ".pdf") if key_path is not None else None
        if key_path is not None:
            check_apart(output, key_path, ".pdf")  # the key would replace the paper
    except RefusedOutput as exc:
        raise refused_output(exc) from None
    names = [v.strip() for v in versions.split(",")]
    if not names or any(not n for n in names) or len(set(names)) != len(names):
        raise click.BadParameter(t("paper.bad_versions"), param_hint="--versions")
    result = load_paths(paths) if paths else load_builtin()
    if result.problems:
        from quizapp.cli.base import CliError, problem_lines

        raise CliError("\n".join(problem_lines(result.problems)))
    bank = result.bank
    chosen = []
    for name in sets:
        found = bank.find_set(name)
        if found is None:
            click.echo(visible(t("paper.no_set", name=name,
                                 names=", ".join(s.key for s in bank.sets))), err=True)
            raise SystemExit(1)
        chosen.append(found)
    chosen = chosen or list(bank.sets)
    questions = [q for s in dict.fromkeys(chosen) for q in s.questions
                 if not levels or q.level in levels]
    if not questions:
        click.echo(t("paper.no_questions"), err=True)
        raise SystemExit(1)

    from quizapp.export.paper import plan, render, select
    from quizapp.files import write_together

    picked = select(questions, count, seed)
    if title is None:
        title = chosen[0].title if len(chosen) == 1 else t("paper.default_title")
    paper = plan(picked, title=title, versions=names, seed=seed, minutes=minutes)
    rendered = render(paper, key_apart=key_path is not None)
    try:
        files = [(output, lambda fh: fh.write(rendered.pdf))]
        if key_path is not None and rendered.key is not None:
            files.append((key_path, lambda fh: fh.write(rendered.key)))
        write_together(files)  # the paper and its key, both or neither
    except OSError as exc:
        click.echo(t("import.cannot_write", path=exc.filename or output,
                     error=exc.strerror or exc), err=True)
        raise SystemExit(1) from None
    for qid, chars in rendered.missing:
        click.echo(visible(t("paper.missing_glyphs", id=qid, chars=chars)), err=True)
    click.echo(visible(t("paper.wrote", path=output, count=len(picked), versions=len(names),
                         names=",".join(names), seed=seed, pages=rendered.pages)))
    if key_path is not None:
        click.echo(visible(t("paper.wrote_key", path=key_path)))
