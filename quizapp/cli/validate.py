"""``quizapp validate``: check question files and report every problem, located."""

from __future__ import annotations

import click

from quizapp.cli.base import lang_option


@click.command(short_help="Check question files; report each problem as path:line:col.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=True, file_okay=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people and editors, json for tools.")
@lang_option
def validate(paths: tuple[str, ...], fmt: str) -> None:
    """Check question files (YAML) and report every problem as path:line:col: message.

    PATHS are files or folders (searched recursively for *.yaml and *.yml); with no
    PATH, the built-in content is checked. Messages are in the interface language
    (--lang). Exit status: 0 when clean, 1 when any problem was found, 2 on a usage
    error.

    \b
    Examples:
      quizapp validate                    check the built-in questions
      quizapp validate my-questions/      check every file in a folder
      quizapp validate a.yaml --format json
      quizapp validate a.yaml --lang en   messages in English
    """
    from quizapp.cli.base import problem_lines
    from quizapp.core.loader import load_builtin, load_paths
    from quizapp.i18n import t, tn, type_counts, words
    from quizapp.untrusted import json_text, visible

    result = load_paths(paths) if paths else load_builtin()
    total = sum(result.counts.values())
    if fmt == "json":
        word = words()
        click.echo(json_text({
            "files": result.files,
            "questions": total,
            "by_type": result.counts,
            "problems": [p.to_dict(word) for p in result.problems],
            "warnings": [p.to_dict(word) for p in result.warnings],
        }, indent=2))
    else:
        for line in problem_lines(result.problems):
            click.echo(line)
        word = words()
        for warning in result.warnings:
            click.echo(visible(f"{warning.path}:{warning.line}:{warning.col}: "
                               + t("validate.warning", message=warning.text(word))))
        counts = type_counts(result.counts)
        click.echo(t(
            "validate.summary",
            files=tn("validate.files", result.files),
            questions=tn("validate.questions", total),
            by_type=t("validate.by_type", counts=counts) if counts else "",
            problems=tn("validate.problems", result.problem_count),
            warnings=tn("validate.warnings", len(result.warnings)) if result.warnings else "",
        ))
    raise SystemExit(1 if result.problems else 0)
