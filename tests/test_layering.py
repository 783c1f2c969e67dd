"""The layers hold: the import-linter contracts in ``pyproject.toml`` (core imports nothing of
storage, export, services or the front ends; services no Textual or click; storage no
Textual; the CLI no screen) pass, and the same check fails on a package that breaks one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def lint_imports(config: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    code = ("import sys\n"
            "from importlinter.cli import lint_imports\n"
            f"sys.exit(lint_imports(config_filename={str(config)!r}, no_cache=True,"
            " no_logo=True))\n")
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True,
                          text=True, timeout=300, check=False)


def test_the_layering_contracts_hold():
    proc = lint_imports(REPO / "pyproject.toml", REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_every_root_module_is_under_a_contract():
    """A module added at the package's root (beside paths.py, i18n.py...) is one of the shared
    modules the contracts hold to importing no layer of the app."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    covered = {m for contract in config["tool"]["importlinter"]["contracts"]
               for m in contract["source_modules"]}
    roots = {f"quizapp.{p.stem}" for p in (REPO / "quizapp").glob("*.py")
             if p.stem not in {"__init__", "__main__"}}
    assert roots and roots <= covered, sorted(roots - covered)


def test_the_check_catches_a_core_that_imports_a_front_end(tmp_path):
    package = tmp_path / "layered"
    (package / "core").mkdir(parents=True)
    (package / "tui").mkdir()
    (package / "__init__.py").write_text("")
    (package / "tui" / "__init__.py").write_text("")
    (package / "core" / "__init__.py").write_text("from layered import tui\n")
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "layered"\n\n'
        '[[tool.importlinter.contracts]]\nname = "core is pure"\ntype = "forbidden"\n'
        'source_modules = ["layered.core"]\nforbidden_modules = ["layered.tui"]\n')
    proc = lint_imports(config, tmp_path)
    assert proc.returncode == 1
    assert "1 broken" in proc.stdout and "layered.core -> layered.tui" in proc.stdout


def test_the_tui_reads_scores_through_the_services():
    """No screen hands the recorder a store call of its own (``recorder.query``/``write``)
    or reaches for the open store: every read goes through ``app.scores``
    (:class:`quizapp.services.scorebook.ScoreBook`) and the live class's services."""
    import ast

    found = []
    for path in sorted((REPO / "quizapp" / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr in {"query", "write", "store"}
                    and isinstance(node.value, ast.Attribute)
                    and node.value.attr == "recorder"):
                found.append(f"{path.relative_to(REPO)}:{node.lineno} recorder.{node.attr}")
    assert found == []
