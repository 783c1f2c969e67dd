"""Running ``quizapp import`` in tests and loading what it wrote."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from quizapp.cli import main
from quizapp.core.loader import load_paths

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def run_import(*args: str):
    return CliRunner().invoke(main, ["import", *args])


def imported(tmp_path: Path, source: Path | str, *extra: str):
    """Import ``source`` into tmp_path/out.yaml; return (cli result, loaded set or None)."""
    out = tmp_path / "out.yaml"
    result = run_import(str(source), "-o", str(out), *extra)
    if not out.exists():
        return result, None
    loaded = load_paths([out])
    assert loaded.problems == [], loaded.problems  # the written file always validates
    return result, loaded.sets[0]


def skipped_lines(result) -> list[str]:
    """The lines naming a question that was left out (location: reason)."""
    return [line for line in result.stderr.splitlines()
            if line.startswith(str(FIXTURES)) or ".csv" in line.split(":")[0]]
