"""Every file location the app uses, in one place.

Environment overrides (so tests can be hermetic with ``tmp_path``):

- ``QUIZAPP_DATA_DIR``: the folder for the default database and settings
  (default: the platform's user data directory, via platformdirs).
- ``QUIZAPP_DB``: a SQLAlchemy URL for the score database
  (default: a SQLite file ``quizapp.db`` in the data directory).
- ``QUIZAPP_CACHE_DIR``: disposable caches (default: the platform's user cache directory).
- ``QUIZAPP_DECKS_DIR``: where ``quizapp export anki`` writes the built-in deck (a
  teacher's own deck goes to the current folder unless ``-o`` names another place)
  (default: ``decks/`` in the source checkout when run from one, else ``./decks``).

Nothing here imports anything heavier than the standard library and platformdirs,
and nothing creates a folder until it is asked for one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

APP_NAME = "quizapp"
PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_DECK_NAME = "changzhutan-one-city.apkg"


def _source_root() -> Path | None:
    """The checkout's root when the package runs from a source tree (editable install)."""
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "content").is_dir():
        return root
    return None


def builtin_content_dir() -> Path:
    """The built-in question files: inside the installed package, or the checkout's ``content/``."""
    packaged = PACKAGE_DIR / "content"
    if packaged.is_dir():
        return packaged
    root = _source_root()
    if root is not None:
        return root / "content"
    return packaged


def builtin_article() -> Path:
    """The article the built-in questions are written from (``quizapp coverage``'s default)."""
    return builtin_content_dir() / "article.md"


def data_dir(create: bool = False) -> Path:
    """The per-user data folder (``QUIZAPP_DATA_DIR`` overrides it)."""
    env = os.environ.get("QUIZAPP_DATA_DIR")
    if env:
        path = Path(env).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """The SQLite file used when no URL is given."""
    return data_dir() / "quizapp.db"


def db_url(explicit: str | None = None) -> str:
    """The database URL: ``explicit`` (``--db``), else ``QUIZAPP_DB``, else the default SQLite file.

    A bare file path (no ``://``) is taken as a SQLite file.
    """
    url = explicit or os.environ.get("QUIZAPP_DB")
    if not url:
        try:  # the default folder is ours to make (a named file's folder is not)
            data_dir(create=True)
        except OSError:
            pass  # opening the store then says which folder is missing
        return f"sqlite:///{default_db_path()}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def settings_path() -> Path:
    """Small per-user settings (the last student name, the language)."""
    return data_dir() / "settings.json"


def seat_tokens_path() -> Path:
    """The tokens of the live-class seats this user took on this computer (only the user
    can read the file): with its token a device takes its seat back."""
    return data_dir() / "live_seats.json"


def homework_keys_path() -> Path:
    """The homework key this user typed on Home, for each school database (only the user
    can read the file): with it the shared student login does the user's own homework."""
    return data_dir() / "homework_keys.json"


def cache_dir() -> Path:
    """Disposable caches (the parsed question bank), safe to delete at any time: the user's
    own cache folder (``QUIZAPP_CACHE_DIR`` overrides it), never the data folder, which may
    be shared with others (a class database on a network drive)."""
    env = os.environ.get("QUIZAPP_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def decks_dir() -> Path:
    """Where the built-in deck is written: ``QUIZAPP_DECKS_DIR``, else the source checkout's
    ``decks/``, else ``./decks``. A teacher's own deck goes to the current folder instead
    (:func:`teacher_deck_path`)."""
    env = os.environ.get("QUIZAPP_DECKS_DIR")
    if env:
        return Path(env).expanduser()
    root = _source_root()
    if root is not None:
        return root / "decks"
    return Path.cwd() / "decks"


def default_deck_path() -> Path:
    """The built-in deck (``quizapp export anki`` without a file)."""
    return decks_dir() / DEFAULT_DECK_NAME


def teacher_deck_path(sources: Sequence[str | os.PathLike]) -> Path:
    """Where a teacher's deck goes without ``-o``: the current folder, named after the one
    question file or folder exported (``quizapp-export.apkg`` for several)."""
    if len(sources) == 1:
        stem = Path(sources[0]).resolve().stem or "quizapp-export"
        return Path.cwd() / f"{stem}.apkg"
    return Path.cwd() / "quizapp-export.apkg"


def manifest_path(deck_path: Path) -> Path:
    """The export manifest kept beside a deck (``x.apkg`` -> ``x.manifest.json``)."""
    deck_path = Path(deck_path)
    return deck_path.with_name(deck_path.stem + ".manifest.json")
