"""Print constraints.txt: every package quizapp[test] (and its pg and anki extras) pulls in,
at the version installed in the running environment, and nothing else.

Run with the Python of an environment where ``pip install -e ".[test]"`` has just been done
(see CONTRIBUTING.md, "The lock file"):

    .venv/bin/python .ci/constraints.py > constraints.txt
"""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
EXTRAS = ("test", "pg", "anki")


def _applies(requirement: Requirement, extra: str) -> bool:
    if requirement.marker is None:
        return True
    environment = {**default_environment(), "extra": extra}
    return requirement.marker.evaluate(environment)  # type: ignore[arg-type]


def closure() -> dict[str, str]:
    """Package name -> installed version, for everything the project's requirements reach."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    for extra in EXTRAS:
        wanted += [Requirement(r) for r in project["optional-dependencies"][extra]]
    found: dict[str, str] = {}
    todo = [(r, "") for r in wanted]
    while todo:
        requirement, extra = todo.pop()
        if not _applies(requirement, extra):
            continue
        name = canonicalize_name(requirement.name)
        extras = sorted(requirement.extras)
        key = name + "[" + ",".join(extras) + "]"
        if key in found:
            continue
        try:
            dist = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            sys.exit(f"{requirement.name} is not installed: install quizapp[test] first")
        found[key] = dist.version
        for text in dist.requires or []:
            child = Requirement(text)
            for child_extra in extras or [""]:
                todo.append((child, child_extra))
    return {key.partition("[")[0]: version for key, version in found.items()}


def main() -> None:
    print("# The versions CI tests: the closure of quizapp[test] (with the pg and anki extras).")
    print("# Install with: pip install -c constraints.txt -e \".[test]\"")
    print("# Refresh: see CONTRIBUTING.md (\"The lock file\").")
    for name, version in sorted(closure().items()):
        print(f"{name}=={version}")


if __name__ == "__main__":
    main()
