"""``quizapp coverage``: which sentences of a source text the questions quote or teach."""

from __future__ import annotations

import click

from quizapp.cli.base import CliError, lang_option

QUESTION_SUFFIXES = (".yaml", ".yml")
#: how much of a paragraph's opening the table shows (in terminal cells)
OPENING = 36


@click.command(short_help="Which sentences and clauses of a source text the answers teach.")
@click.argument("args", nargs=-1, metavar="[SOURCE] [PATH]...",
                type=click.Path(exists=True, dir_okay=True, file_okay=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people, json for tools.")
@lang_option
def coverage(args: tuple[str, ...], fmt: str) -> None:
    """Show, paragraph by paragraph, which sentences and clauses of a source text some
    question's answer teaches, and list the sentences and clauses none teaches.

    SOURCE is a .md or .txt file (UTF-8 or GBK); without it, the built-in article. PATHs
    are question files or folders; without them, the built-in questions. A question
    quotes a sentence when its `quote` covers part of it; it teaches a clause when its
    answer (the right option, a blank's words, both sides of a pair, an item, a card's
    back, a true statement) stands in that clause of a sentence it quotes: quoting a
    whole sentence to ask one clause teaches that clause only. A question without a
    quote in the text teaches wherever its answer's pieces of 4 or more characters
    stand. Exit status 0, or 1 when a file cannot be used.

    \b
    Examples:
      quizapp coverage                          the built-in article and questions
      quizapp coverage lesson.md my-questions/  your own text and question files
      quizapp coverage --format json > coverage.json
      quizapp coverage --lang en
    """
    import json
    from pathlib import Path

    from quizapp import paths as app_paths
    from quizapp.core.coverage import coverage as measure
    from quizapp.i18n import t

    source_path: Path | None = None
    question_paths = list(args)
    if args and Path(args[0]).is_file() and Path(args[0]).suffix.lower() not in QUESTION_SUFFIXES:
        source_path = Path(args[0])
        question_paths = list(args[1:])
    text = _read_source(source_path or app_paths.builtin_article())
    questions = _questions(question_paths)
    result = measure(text, questions)
    if not result.paragraphs:
        raise CliError(t("coverage.empty_source", path=_visible(str(source_path))))
    if fmt == "json":
        data = {"source": str(source_path) if source_path else None, **result.to_dict()}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    source = _visible(str(source_path)) if source_path else t("coverage.builtin_source")
    click.echo(_report(result, source))


def _read_source(path) -> str:
    from quizapp.i18n import t

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(t("coverage.unreadable", path=_visible(str(path)),
                         error=_visible(exc.strerror or str(exc)))) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CliError(t("coverage.bad_encoding", path=_visible(str(path))))


def _questions(paths: list[str]) -> list:
    from quizapp.cli.base import problem_lines
    from quizapp.core.loader import load_builtin, load_paths
    from quizapp.i18n import t

    result = load_paths(paths) if paths else load_builtin()
    if result.problems:
        raise CliError("\n".join([t("coverage.content_error"), *problem_lines(result.problems)]))
    questions = [q for s in result.sets for q in s.questions]
    if not questions:
        raise CliError(t("coverage.no_questions"))
    return questions


def _report(result, source: str) -> str:
    from quizapp.cells import truncate
    from quizapp.cli.report import render_table
    from quizapp.i18n import t

    lines = [t("coverage.header", source=source, paragraphs=len(result.paragraphs),
               sentences=result.sentence_count, questions=result.questions), ""]
    rows = [[str(p.number), f"{p.taught}/{len(p.sentences)}", f"{p.clauses_taught}/{p.clauses}",
             str(len(p.questions)), truncate(_visible(p.text), OPENING)]
            for p in result.paragraphs]
    lines.append(render_table(
        [t("coverage.col_paragraph"), t("coverage.col_taught"), t("coverage.col_clauses"),
         t("coverage.col_questions"), t("coverage.col_text")], rows, right=(0, 1, 2, 3),
        flex=(4,), width=80))
    lines.append("")
    for key, taught, total in (("coverage.summary", result.taught_count, result.sentence_count),
                               ("coverage.summary_clauses", result.clauses_taught,
                                result.clause_count)):
        percent = round(100 * taught / total) if total else 0
        lines.append(t(key, taught=taught, total=total, percent=percent))
    missing = result.untaught_paragraphs
    if missing:
        numbers = t("coverage.number_sep").join(map(str, missing))
        lines.append(t("coverage.paragraphs_missing", numbers=numbers))
    else:
        lines.append(t("coverage.all_paragraphs"))
    if result.untaught:
        lines += ["", t("coverage.untaught_title")]
        lines += [t("coverage.line", n=n, text=_visible(s.text)) for n, s in result.untaught]
    gaps = [(p.number, s) for p in result.paragraphs for s in p.sentences if s.taught and s.gaps]
    if gaps:
        lines += ["", t("coverage.gaps_title")]
        sep = t("coverage.clause_sep")
        lines += [t("coverage.line", n=n, text=_visible(sep.join(s.gaps))) for n, s in gaps]
    if result.unplaced:
        ids = t("coverage.id_sep").join(_visible(i) for i in result.unplaced)
        lines += ["", t("coverage.not_in_source", n=len(result.unplaced), ids=ids)]
    return "\n".join(lines)


def _visible(text: str) -> str:
    """Untrusted text (the source, paths, ids) as one safe line for the terminal."""
    from quizapp.untrusted import visible

    return visible(text, multiline=False)
