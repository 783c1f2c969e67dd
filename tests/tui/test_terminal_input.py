"""Bytes that are not UTF-8 from the terminal (a pasted ``\\xff``, a raw one-byte CSI
``\\x9b``) reach the app as U+FFFD: Textual's own input thread, fed through a pipe, goes
on reading keys instead of dying with ``UnicodeDecodeError``."""

from __future__ import annotations

import os
import sys
import threading

from textual.app import App
from textual.drivers.linux_driver import LinuxDriver
from textual.events import Key

from quizapp.tui import terminal_input


def keys_read(data: bytes, count: int) -> list[str]:
    """The characters of the keys Textual's Linux driver reads from ``data`` (called in a
    running event loop, as the driver is made in the app)."""
    terminal_input.install()
    read_end, write_end = os.pipe()
    driver = LinuxDriver(App(), size=(80, 24))
    driver.fileno = read_end
    got: list[str] = []
    failed: list[BaseException] = []
    driver.process_message = lambda event: got.append(  # type: ignore[method-assign]
        event.character or "") if isinstance(event, Key) else None

    def run() -> None:
        try:
            driver.run_input_thread()
        except BaseException as exc:  # noqa: BLE001 - what the test looks for
            failed.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    os.write(write_end, data)
    for _ in range(100):  # until every key is read (at most 5 s)
        if len(got) >= count or failed:
            break
        threading.Event().wait(0.05)
    driver.exit_event.set()
    thread.join(5)
    os.close(write_end)
    os.close(read_end)
    assert not failed, failed
    return got


async def test_bytes_that_are_not_utf8_become_a_replacement_character():
    assert keys_read(b"a\xffb", 3) == ["a", "\ufffd", "b"]
    got = keys_read(b"x\x9by\xe4\xb8\xad", 4)  # a raw C1 CSI, then valid Chinese
    assert got[0] == "x" and "\ufffd" in got and got[-1] == "中"


def test_every_driver_that_decodes_input_is_guarded():
    import importlib

    terminal_input.install()
    for name in terminal_input.DRIVERS:
        module = importlib.import_module(f"textual.drivers.{name}")
        assert module.getincrementaldecoder is terminal_input.lenient_decoder
        decode = module.getincrementaldecoder("utf-8")().decode
        assert decode(b"\xff\x9b") == "\ufffd\ufffd"
        assert decode(b"\xe4\xb8", final=False) + decode(b"\xad") == "中"  # split reads
    assert sys.modules["textual.drivers.linux_driver"].getincrementaldecoder("utf-8")
