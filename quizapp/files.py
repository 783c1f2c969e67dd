"""Writing a file whole or not at all: settings, the bank cache, every exporter and importer
write through :func:`write_atomic` (or :func:`write_bytes`)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, write: Callable[[IO[bytes]], None], *,
                 mode: int | None = None) -> None:
    """Call ``write`` on a temporary file in ``path``'s folder (created if missing), then
    rename it to ``path``: readers see the old file or the new one, never half of one. On
    any error the temporary file is removed and the error raised.

    ``mode``: the file's permissions (default: the usual ``0o666`` less the umask).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.chmod(tmp, (0o666 & ~_umask()) if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all."""
    write_atomic(path, lambda fh: fh.write(data))
