"""Small remembered settings (the last student's name, the language), as JSON.

The file lives at :func:`quizapp.paths.settings_path`. A missing or unreadable file
means "no settings yet"; saving writes a temporary file and renames it, so a crash
never leaves half a file behind.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from quizapp import paths
from quizapp.files import write_bytes


@dataclass
class Settings:
    student: str = ""
    lang: str = ""

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or paths.settings_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(student=str(data.get("student") or ""), lang=str(data.get("lang") or ""))

    def save(self, path: Path | None = None) -> None:
        path = path or paths.settings_path()
        text = json.dumps(asdict(self), ensure_ascii=False, indent=2).encode("utf-8")
        write_bytes(path, text)
