"""The TUI's one path to the score database: every call runs, in order, on one thread.

The app starts painting before the database is open (importing SQLModel alone takes
~0.5 s), so the :class:`Recorder` accepts work at once and queues it:

- :meth:`Recorder.serve` runs in a thread worker started after the first frame. It opens
  the store, then runs every queued call in the order it was given, each committed by the
  store as it runs.
- Writes (:meth:`start_attempt`, :meth:`record`, :meth:`finish`) are never dropped: if
  the store cannot be opened or a write fails, the write stays in :attr:`unsaved`, in
  memory, and the app is told (``on_event``) so it can show the failure. A write that
  failed on an open store (a lock held too long, a dropped server connection) is tried
  again, in order, before each later write and before the recorder stops; when every
  kept write has gone through, the app is told (``recovered``).
- Reads (:meth:`query`) hand their result back through ``on_event`` too.

``on_event`` is called on the recorder's thread; the app passes a function that posts a
message (Textual's ``post_message`` is thread-safe). Nothing here imports Textual or SQL.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

Opener = Callable[[str], Any]


def open_store(url: str) -> Any:
    """Open the real store (imported here: SQLModel loads only when needed)."""
    from quizapp.storage import Store

    return Store.open(url)


@dataclass
class AttemptRef:
    """An attempt as the UI knows it: its database id once the store has created it."""

    id: int | None = None
    failed: bool = False


@dataclass
class StoreEvent:
    """What happened on the recorder's thread, for the UI.

    ``kind``: ``ready``, ``failed`` (the store did not open), ``write_failed``,
    ``recovered`` (every write that had failed is now saved), ``result`` /
    ``query_failed`` (a :meth:`Recorder.query` finished; ``callback`` takes the result or
    the error).
    """

    kind: str
    error: str = ""
    result: Any = None
    callback: Callable[[Any], None] | None = None


@dataclass
class _Call:
    fn: Callable[[Any], Any]
    write: bool
    label: str
    callback: Callable[[Any], None] | None = None
    on_error: Callable[[str], None] | None = None
    after: Callable[[Any], None] | None = None  # runs on the recorder's thread


_STOP = object()


@dataclass
class Recorder:
    """Serialises store calls on one thread; see the module docstring."""

    url: str
    opener: Opener = open_store
    on_event: Callable[[StoreEvent], None] = lambda event: None
    store: Any = None
    state: str = "waiting"  # waiting -> ready | failed
    error: str = ""
    unsaved: list[str] = field(default_factory=list)
    """Labels of the writes that did not reach the database (their calls are kept too)."""

    def __post_init__(self) -> None:
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Condition()
        self._outstanding = 0
        self._kept: list[_Call] = []  # writes that failed, with their data, in order
        self.started = False  # serve() has been called (it runs at most once)

    # -- the UI side -------------------------------------------------------------------

    def start_attempt(self, student: str, mode: str, set_keys: tuple[str, ...], spec: dict,
                      seed: int, max_score: int) -> AttemptRef:
        ref = AttemptRef()

        def run(store: Any) -> int:
            return store.start_attempt(student, mode, set_keys, spec, seed, max_score)

        def keep(attempt_id: int) -> None:
            ref.id = attempt_id

        self._put(_Call(run, True, f"start attempt ({student})", after=keep))
        return ref

    def record(self, ref: AttemptRef, question_id: str, content_hash: str, response: object,
               score: float, max_score: int, correct: bool, elapsed: float) -> None:
        given_at = datetime.now(UTC)  # when the answer was given, even if written later

        def run(store: Any) -> None:
            store.record_response(_id(ref), question_id, content_hash, response, score,
                                  max_score, correct, elapsed, at=given_at)

        self.write(run, f"answer {question_id}")

    def finish(self, ref: AttemptRef, score: float, max_score: int,
               unanswered: tuple[tuple[str, str, int], ...] = ()) -> None:
        """Finish the attempt; ``unanswered`` is ``(question_id, content_hash, max_score)``
        for each question left without an answer (stored as zero-score responses)."""
        def run(store: Any) -> None:
            store.finish_attempt(_id(ref), score, max_score, unanswered=unanswered)

        self.write(run, "finish attempt")

    def write(self, fn: Callable[[Any], Any], label: str) -> None:
        """Run ``fn(store)`` on the recorder's thread, in order with every other call.

        A write is never dropped: if it cannot run (store not open) or fails, it is kept in
        memory (:attr:`unsaved` names it by ``label``) and the app is told.
        """
        self._put(_Call(fn, True, label))

    def query(self, fn: Callable[[Any], Any], callback: Callable[[Any], None],
              on_error: Callable[[str], None] | None = None) -> None:
        """Run ``fn(store)`` on the recorder's thread; ``callback(result)`` gets the answer
        through ``on_event`` (as a ``result`` event), ``on_error(message)`` a failure."""
        self._put(_Call(fn, False, "query", callback=callback, on_error=on_error))

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until every call given so far has run (or failed). ``False`` on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: self._outstanding == 0, timeout)

    def stop(self) -> None:
        """Ask :meth:`serve` to return once every queued call has run."""
        self._queue.put(_STOP)

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    @property
    def failed(self) -> bool:
        return self.state == "failed" or bool(self.unsaved)

    # -- the recorder's thread ---------------------------------------------------------

    def serve(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Open the store, then run queued calls in order until :meth:`stop` or
        ``cancelled()``; either way every call already queued runs before returning."""
        with self._lock:
            if self.started:
                raise RuntimeError("the recorder is already being served")
            self.started = True
        try:
            self._open()
            while True:
                try:
                    call = self._queue.get(timeout=0.1)
                except queue.Empty:
                    if cancelled():
                        return
                    continue
                if call is _STOP:
                    self._drain()
                    self._retry_kept()
                    return
                self._run(call)
        finally:
            self._close()

    def _drain(self) -> None:
        while True:
            try:
                call = self._queue.get_nowait()
            except queue.Empty:
                return
            if call is not _STOP:
                self._run(call)

    def _open(self) -> None:
        if self.store is not None:
            self.state = "ready"
            self.on_event(StoreEvent("ready"))
            return
        try:
            self.store = self.opener(self.url)
        except Exception as exc:  # shown to the user; the answers stay in memory
            self.state = "failed"
            self.error = _message(exc)
            self.on_event(StoreEvent("failed", error=self.error))
        else:
            self.state = "ready"
            self.on_event(StoreEvent("ready"))

    def _close(self) -> None:
        close = getattr(self.store, "close", None)
        if close is not None and self.state == "ready":
            close()

    def _retry_kept(self) -> None:
        """Try the writes that failed on the open store again, in order, once each."""
        if self.state != "ready" or not self._kept:
            return
        kept, self._kept = self._kept, []
        for call in kept:
            try:
                result = call.fn(self.store)
            except Exception:  # still failing: keep it (it stays in `unsaved`)
                self._kept.append(call)
            else:
                if call.after is not None:
                    call.after(result)
                self.unsaved.remove(call.label)
        if not self._kept:
            self.error = ""
            self.on_event(StoreEvent("recovered"))

    def _run(self, call: _Call) -> None:
        if call.write:
            self._retry_kept()
        try:
            if self.state != "ready":
                raise _NotOpen(self.error)
            result = call.fn(self.store)
            if call.after is not None:
                call.after(result)
        except Exception as exc:  # reported to the UI below; writes are kept in `unsaved`
            error = _message(exc)
            if call.write:
                self.unsaved.append(call.label)
                self._kept.append(call)
                if self.state == "ready":
                    self.error = error
                    self.on_event(StoreEvent("write_failed", error=error))
            elif call.on_error is not None:
                self.on_event(StoreEvent("query_failed", error=error, callback=call.on_error))
        else:
            if call.callback is not None:
                self.on_event(StoreEvent("result", result=result, callback=call.callback))
        finally:
            self._done()

    # -- bookkeeping -------------------------------------------------------------------

    def _put(self, call: _Call) -> None:
        with self._lock:
            self._outstanding += 1
        self._queue.put(call)

    def _done(self) -> None:
        with self._lock:
            self._outstanding -= 1
            self._lock.notify_all()


class _NotOpen(RuntimeError):
    pass


def _id(ref: AttemptRef) -> int:
    if ref.id is None:
        raise RuntimeError("the attempt was not created in the database")
    return ref.id


def _message(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
