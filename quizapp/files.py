"""Writing a file whole or not at all: settings, the bank cache, every exporter and importer
write through :func:`write_atomic` (or :func:`write_bytes`, :func:`write_together`).

Temporary files are named ``.NAME.PID.XXXX.tmp`` beside the target: one left behind by a
killed process is removed by :func:`remove_stale_temps` on the next write of the same
file. :func:`check_output` decides whether a path a person named may be written at all.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temp_for(path: Path) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                               dir=path.parent)
    os.close(fd)
    return tmp


def _fill(tmp: str, write: Callable[[IO[bytes]], object], mode: int | None) -> None:
    with open(tmp, "wb") as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())  # a full disk is reported here, before anything is renamed
    os.chmod(tmp, (0o666 & ~_umask()) if mode is None else mode)


def write_atomic(path: Path, write: Callable[[IO[bytes]], object], *,
                 mode: int | None = None) -> None:
    """Call ``write`` on a temporary file in ``path``'s folder (created if missing), then
    rename it to ``path``: readers see the old file or the new one, never half of one. On
    any error the temporary file is removed and the error raised.

    ``mode``: the file's permissions (default: the usual ``0o666`` less the umask).
    """
    write_together([(Path(path), write)], mode=mode)


def write_bytes(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` whole or not at all (``mode``: as for
    :func:`write_atomic`; ``0o600`` for a file holding secrets)."""
    write_atomic(path, lambda fh: fh.write(data), mode=mode)


def read_private_map(path: Path, max_bytes: int) -> dict[str, str]:
    """A small JSON object of strings kept for the user (seat tokens, homework keys); a
    missing, damaged or oversized file (over ``max_bytes``) is an empty one."""
    try:
        if path.stat().st_size > max_bytes:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def write_private_map(path: Path, mapping: dict[str, str], keep: int) -> bool:
    """Write ``mapping``'s newest ``keep`` entries, readable by the user only; ``False`` if
    it could not be written (never raises)."""
    data = json.dumps(dict(list(mapping.items())[-keep:]), ensure_ascii=False).encode("utf-8")
    try:
        write_bytes(path, data, mode=0o600)
    except OSError:
        return False
    return True


def write_together(files: Sequence[tuple[Path, Callable[[IO[bytes]], object]]], *,
                   mode: int | None = None) -> None:
    """Write several files that belong together (a deck and its manifest): every one is
    written in full to a temporary file first, and only then are they renamed into
    place. A failure while writing (a full disk) leaves every target as it was and no
    temporary file behind."""
    temps: list[str] = []
    try:
        for path, write in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temps(path)
            temps.append(_temp_for(path))
            _fill(temps[-1], write, mode)
        for (path, _), tmp in zip(files, temps, strict=True):
            os.replace(tmp, path)
    except BaseException:
        for tmp in temps:
            Path(tmp).unlink(missing_ok=True)
        raise


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or no permission to ask: leave it be
        return True
    return True


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove the temporary files of ``path`` left by processes that no longer run (a
    killed export); returns those removed. Problems are ignored: this is tidying."""
    removed: list[Path] = []
    pattern = re.compile(re.escape(f".{path.name}.") + r"(\d+)\.[^.]+\.tmp\Z")
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        found = pattern.match(entry.name)
        if found and not _alive(int(found.group(1))):
            try:
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


class RefusedOutput(Exception):
    """A path that will not be written. ``reason`` is one of ``empty``, ``suffix``,
    ``not_file`` (a folder, device, FIFO, socket or symbolic link), ``same`` (two outputs
    of one command that are one file)."""

    def __init__(self, path: Path | str, reason: str, suffix: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.suffix = suffix


def check_output(path: Path | str, suffix: str | tuple[str, ...]) -> Path:
    """``path`` if a command may write there: a name ending in ``suffix`` (``.apkg``, or
    one of several such as ``(".yaml", ".yml")``) that is a regular file or does not exist
    yet. Anything else (an empty name, another
    extension such as the teacher's ``.yaml``, ``/dev/null``, a FIFO, a folder, a
    symbolic link) raises :class:`RefusedOutput`: output paths are only ever the files
    the person meant."""
    suffixes = (suffix,) if isinstance(suffix, str) else suffix
    shown = " / ".join(suffixes)
    text = os.fspath(path)
    if not text.strip():
        raise RefusedOutput(text, "empty", shown)
    out = Path(text)
    if out.suffix.lower() not in suffixes or out.name.lower() in suffixes:
        raise RefusedOutput(text, "suffix", shown)
    try:
        info = os.lstat(out)
    except FileNotFoundError:
        return out
    except OSError:
        return out  # e.g. a folder we cannot look into: writing will say why
    if not stat.S_ISREG(info.st_mode):
        raise RefusedOutput(text, "not_file", shown)
    return out


def check_apart(first: Path, second: Path, suffix: str) -> None:
    """Refuse (:class:`RefusedOutput`, ``same``) two outputs of one command that are one
    file (``print -o p.pdf --key p.pdf``, or ``./p.pdf``, or a hard link to it): the
    second would replace the first."""
    same = os.path.normcase(os.path.abspath(first)) == os.path.normcase(os.path.abspath(second))
    if not same:
        try:
            same = os.path.samefile(first, second)
        except OSError:  # one does not exist yet: two different names
            same = False
    if same:
        raise RefusedOutput(os.fspath(second), "same", suffix)
