"""``quizapp validate``: check question files and report every problem, located."""

from __future__ import annotations

import click


@click.command(short_help="Check question files; report each problem as path:line:col.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=True, file_okay=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people and editors, json for tools.")
def validate(paths: tuple[str, ...], fmt: str) -> None:
    """Check question files (YAML) and report every problem as path:line:col: message.

    PATHS are files or folders (searched recursively for *.yaml and *.yml); with no
    PATH, the built-in content is checked. Exit status: 0 when clean, 1 when any problem
    was found, 2 on a usage error.

    \b
    Examples:
      quizapp validate                    check the built-in questions
      quizapp validate my-questions/      check every file in a folder
      quizapp validate a.yaml --format json
    """
    import json

    from quizapp.core.loader import load_builtin, load_paths

    result = load_paths(paths) if paths else load_builtin()
    total = sum(result.counts.values())
    if fmt == "json":
        click.echo(json.dumps({
            "files": result.files,
            "questions": total,
            "by_type": result.counts,
            "problems": [p.to_dict() for p in result.problems],
        }, ensure_ascii=False, indent=2))
    else:
        for problem in result.problems:
            click.echo(str(problem))
        by_type = ", ".join(f"{t} {n}" for t, n in result.counts.items() if n)
        files = f"{result.files} file{'s' if result.files != 1 else ''}"
        count = len(result.problems)
        click.echo(f"{files}, {total} question{'s' if total != 1 else ''}"
                   f"{f' ({by_type})' if by_type else ''}, "
                   f"{count} problem{'s' if count != 1 else ''}")
    raise SystemExit(1 if result.problems else 0)
