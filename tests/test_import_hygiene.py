"""The core stays pure: importing any ``quizapp.core`` module loads no UI, SQL or deck library.

Each import runs in a fresh interpreter and inspects ``sys.modules`` there, the only way
to see what an import really drags in (a module imported by an earlier test in this
process would hide a leak).
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import quizapp.core

FORBIDDEN = ("textual", "sqlalchemy", "sqlmodel", "genanki")

CORE_MODULES = sorted(
    ["quizapp.core"]
    + [f"quizapp.core.{m.name}" for m in pkgutil.iter_modules(quizapp.core.__path__)]
)


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def test_the_engine_modules_are_checked():
    for name in ("session", "grading", "normalize", "selection", "faces", "model"):
        assert f"quizapp.core.{name}" in CORE_MODULES


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_nothing_heavy(module: str) -> None:
    proc = run_python(
        f"import {module}\n"
        "import sys\n"
        f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))\n"
    )
    assert proc.returncode == 0, proc.stderr
    leaked = [m for m in proc.stdout.strip().split(",") if m]
    assert not leaked, f"importing {module} loaded {leaked}"


def test_detects_a_leak() -> None:
    """The check itself can fail: a module that does import one of them is caught."""
    proc = run_python(
        "import json\n"
        "import sys\n"
        "sys.modules['sqlalchemy'] = json\n"
        f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))\n"
    )
    assert proc.stdout.strip() == "sqlalchemy"
