"""Messages the app receives from the recorder's thread (see
:mod:`quizapp.services.recorder`), one class per event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message

from quizapp.services import recorder as rec


class StoreOpened(Message):
    """The score database is open."""


class StoreFailed(Message):
    """The score database did not open; answers are kept in memory."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class WriteFailed(Message):
    """A write failed on the open database; it is kept and tried again."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class WritesRecovered(Message):
    """Every write that had failed is now saved."""


class QueryDone(Message):
    """A read finished: ``callback`` is to be called with ``value`` (the result or the
    error message) on the app's thread, if the screen that asked is still open."""

    def __init__(self, callback: Callable[[Any], None], value: Any) -> None:
        super().__init__()
        self.callback = callback
        self.value = value


def from_event(event: rec.StoreEvent) -> Message:
    """The message for a recorder event."""
    match event:
        case rec.StoreOpened():
            return StoreOpened()
        case rec.StoreFailed(error=error):
            return StoreFailed(error)
        case rec.WriteFailed(error=error):
            return WriteFailed(error)
        case rec.WritesRecovered():
            return WritesRecovered()
        case rec.QueryAnswered(callback=callback, result=result):
            return QueryDone(callback, result)
        case rec.QueryFailed(callback=callback, error=error):
            return QueryDone(callback, error)
    raise TypeError(f"not a recorder event: {event!r}")
