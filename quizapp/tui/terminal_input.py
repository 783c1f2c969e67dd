"""Bytes from the terminal that are not UTF-8 never stop the app.

Textual's Linux driver decodes what the terminal sends with a strict UTF-8 decoder made
in its input thread (``getincrementaldecoder("utf-8")()`` in
``textual/drivers/linux_driver.py``, the same in the inline and web drivers): pasting ``\\xff`` or a raw one-byte CSI ``\\x9b``
raises ``UnicodeDecodeError`` there and the app dies. :func:`install` gives that module a
decoder factory whose decoders replace such bytes with U+FFFD, which the inputs then show
like any other character; valid UTF-8, split across reads or not, decodes as before.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable


def lenient_decoder(encoding: str) -> Callable[[], codecs.IncrementalDecoder]:
    """``codecs.getincrementaldecoder(encoding)``, whose decoders replace bytes that are
    not ``encoding`` instead of raising."""
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


#: the drivers that make their decoder this way (the terminal, inline, and browser ones)
DRIVERS = ("linux_driver", "linux_inline_driver", "web_driver")


def install() -> None:
    """Patch the drivers' decoder factory (idempotent; a driver missing here, such as the
    Linux ones on Windows, is left alone)."""
    import importlib

    for name in DRIVERS:
        try:
            module = importlib.import_module(f"textual.drivers.{name}")
        except ImportError:
            continue
        module.getincrementaldecoder = lenient_decoder  # type: ignore[attr-defined]
