"""Small remembered settings (the last student's name, the language), as JSON.

The file lives at :func:`quizapp.paths.settings_path`. Settings are a convenience, so no
problem with them ever stops the app: a missing file means "no settings yet"; a file that
cannot be read (a folder, no permission), is not JSON, or names a language the app does
not have is ignored, and :attr:`Settings.problem` says why (the app shows it once, in one
line). Saving writes a temporary file and renames it, so a crash never leaves half a
file behind; a save that fails (a read-only folder, a full disk) returns the reason
instead of raising.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from quizapp import paths
from quizapp.files import write_bytes
from quizapp.untrusted import read_limited

#: a settings file holds a name, a class and a language: anything bigger is not one
MAX_SETTINGS_BYTES = 64 * 1024

#: A problem as an i18n key and its parameters, worded by the front end.
Problem = tuple[str, dict]


@dataclass
class Settings:
    student: str = ""
    lang: str = ""
    #: the class whose roster Home offers (``quizapp --class NAME``); "" = none
    class_name: str = ""
    #: why the file was (partly) ignored, if it was
    problem: Problem | None = field(default=None, compare=False, repr=False)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        from quizapp.i18n import STRINGS

        path = path or paths.settings_path()
        try:
            data = read_limited(path, MAX_SETTINGS_BYTES)  # a few names, not gigabytes
            if data is None:
                return cls(problem=("settings.invalid", {"path": path}))
            text = data.decode("utf-8")
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            return cls(problem=("settings.unreadable", {"path": path, "error": reason}))
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than JSON can be read
            data = None
        if not isinstance(data, dict):
            return cls(problem=("settings.invalid", {"path": path}))
        student = _text(data.get("student"))
        lang = _text(data.get("lang")).strip().lower()
        class_name = _text(data.get("class")).strip()
        if lang and lang not in STRINGS:
            return cls(student=student, class_name=class_name,
                       problem=("settings.bad_lang", {"path": path, "lang": lang}))
        return cls(student=student, lang=lang, class_name=class_name)

    def save(self, path: Path | None = None) -> Problem | None:
        """Write the settings; ``None`` when saved, else the problem (never raises for an
        unwritable folder or a full disk)."""
        try:
            path = path or paths.settings_path()
            data = {"student": self.student, "lang": self.lang}
            if self.class_name:
                data["class"] = self.class_name
            text = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
            write_bytes(path, text)
        except UnicodeEncodeError:  # a name no file can hold: nothing remembered
            return ("settings.not_saved", {"path": path, "error": "UTF-8"})
        except OSError as exc:
            return ("settings.not_saved", {"path": path,
                                           "error": exc.strerror or type(exc).__name__})
        return None


def _text(value: object) -> str:
    """A remembered text: ``""`` for anything but text a file or database can hold (JSON
    may write lone surrogates, ``"\\udce9"``) or longer than a name can be."""
    from quizapp.untrusted import MAX_NAME_CHARS

    if not isinstance(value, str) or len(value) > MAX_NAME_CHARS:
        return ""
    if any("\ud800" <= c <= "\udfff" for c in value):
        return ""
    return value
