"""The front end's one path for writing to the score database: every write runs, in order,
on one thread.

The app starts painting before the database is open (importing SQLModel alone takes
~0.5 s), so the :class:`Recorder` accepts calls at once and holds them until
:meth:`Recorder.start` (called after the first frame). From then on a single-worker
executor (on a daemon thread) opens the store and runs every write in the order it was
given, each committed by the store as it runs.

The rule that is ours: a write is never dropped. If the store cannot be opened or a write
fails, the write is kept in memory, in order (:attr:`Recorder.unsaved` names them), and
the front end is told (:class:`WriteFailed`). A write that failed on an open store (a lock
held too long, a dropped server connection) is tried again, in order, before each later
write and when the recorder stops; when every kept write has gone through, the front end
is told (:class:`WritesRecovered`).

Reads do not queue here: the front end reads on threads of its own (each screen's
workers), over the store :meth:`Recorder.store_for_reads` hands out once the writes given
before have run, so a read sees every write that came before it.

Events are delivered by calling ``on_event`` on the recorder's thread; the TUI passes a
function that posts a Textual message (``post_message`` is thread-safe). Nothing here
imports Textual or SQL.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from quizapp.core import utc
from quizapp.core.records import frozen

if TYPE_CHECKING:
    from quizapp.services.ports import Repositories, StudentRef

Opener = Callable[[str], Any]


def open_store(url: str) -> Any:
    """Open the real store (imported here: SQLModel loads only when needed)."""
    from quizapp.storage import Store

    return Store.open(url)


class StoreState(StrEnum):
    WAITING = "waiting"  # not open yet (calls are held or queued)
    READY = "ready"
    FAILED = "failed"  # the store did not open: every write is kept in memory


# -- what the front end is told --------------------------------------------------------


@frozen
class StoreOpened:
    pass


@frozen
class StoreFailed:
    error: str


@frozen
class WriteFailed:
    error: str


@frozen
class WritesRecovered:
    """Every write that had failed is now saved."""


StoreEvent = StoreOpened | StoreFailed | WriteFailed | WritesRecovered


class StoreUnavailable(Exception):
    """The store did not open, so nothing can be read; ``str()`` is the one-line reason."""


class _Worker:
    """A single-worker executor on a daemon thread: ``submit`` returns a ``Future``, calls
    run in order. Unlike ``ThreadPoolExecutor``'s, the thread never holds the process open:
    a database server that does not answer cannot stop the app from exiting once it has
    said which answers were not saved."""

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue[Any] = queue.SimpleQueue()
        threading.Thread(target=self._loop, name="store", daemon=True).start()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self._calls.put((future, fn, args))
        return future

    def finish(self) -> None:
        """End the thread once the calls submitted so far have run (nothing may follow)."""
        self._calls.put(None)

    def _loop(self) -> None:
        while True:
            call = self._calls.get()
            if call is None:
                return
            future, fn, args = call
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # handed to whoever waits on the future
                future.set_exception(exc)


@dataclass
class AttemptRef:
    """An attempt as the UI knows it: its database id once the store has created it."""

    id: int | None = None
    failed: bool = False


@dataclass
class _Call:
    fn: Callable[[Any], Any]
    label: str
    after: Callable[[Any], None] | None = None  # runs on the recorder's thread


@dataclass
class Recorder:
    """Runs the writes in order on one thread; see the module docstring."""

    url: str
    opener: Opener = open_store
    on_event: Callable[[StoreEvent], None] = lambda event: None
    store: Any = None
    state: StoreState = StoreState.WAITING
    error: str = ""
    unsaved: list[str] = field(default_factory=list)
    """Labels of the writes that did not reach the database (their calls are kept too)."""

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._held: list[_Call] = []  # calls given before start()
        self._futures: list[Future[Any]] = []
        self._writes: dict[Future[Any], str] = {}  # writes not yet run, by their label
        self._kept: list[_Call] = []  # writes that failed, with their data, in order
        self._executor: _Worker | None = None
        self._started = threading.Event()
        self._stopped = False

    # -- the front end's side ------------------------------------------------------------

    def start_attempt(self, student: StudentRef, mode: str, set_keys: tuple[str, ...], spec: dict[str, Any],
                      seed: int, max_score: int) -> AttemptRef:
        ref = AttemptRef()

        def run(store: Repositories) -> int:
            return store.attempts.start_attempt(student, mode, set_keys, spec, seed, max_score)

        def keep(attempt_id: int) -> None:
            ref.id = attempt_id

        self._submit(_Call(run, f"start attempt ({student})", after=keep))
        return ref

    def record(self, ref: AttemptRef, question_id: str, content_hash: str, response: object,
               score: float, max_score: int, correct: bool, elapsed: float) -> None:
        given_at = utc.now()  # when the answer was given, even if written later

        def run(store: Repositories) -> None:
            store.attempts.record_response(_id(ref), question_id, content_hash, response, score,
                                  max_score, correct, elapsed, at=given_at)

        self.write(run, f"answer {question_id}")

    def finish(self, ref: AttemptRef, score: float, max_score: int,
               unanswered: tuple[tuple[str, str, int], ...] = ()) -> None:
        """Finish the attempt; ``unanswered`` is ``(question_id, content_hash, max_score)``
        for each question left without an answer (stored as zero-score responses)."""
        def run(store: Repositories) -> None:
            store.attempts.finish_attempt(_id(ref), score, max_score, unanswered=unanswered)

        self.write(run, "finish attempt")

    def write(self, fn: Callable[[Any], Any], label: str) -> None:
        """Run ``fn(store)`` on the recorder's thread, in order with every other call.

        A write is never dropped: if it cannot run (store not open) or fails, it is kept in
        memory (:attr:`unsaved` names it by ``label``) and the front end is told.
        """
        self._submit(_Call(fn, label))

    def store_for_reads(self, cancelled: Callable[[], bool] = lambda: False,
                        poll: float = 0.02) -> Any:
        """The open store to read from, once every write given so far has run (so a read
        sees them); ``None`` if ``cancelled()`` became true first. Raises
        :class:`StoreUnavailable` if the store did not open. Blocks: for the front end's
        reading threads."""
        while True:
            if cancelled():
                return None
            if self.state is StoreState.WAITING:  # not open yet (or not even started)
                time.sleep(poll)
            elif self.wait_idle(poll):
                break
        if self.state is not StoreState.READY:
            raise StoreUnavailable(self.error)
        return self.store

    def start(self) -> None:
        """Open the store on the recorder's thread, then run the calls held so far and every
        later one, in order. Raises ``RuntimeError`` if called twice."""
        with self._lock:
            if self._executor is not None:
                raise RuntimeError("the recorder has already started")
            self._executor = _Worker()
            self._futures.append(self._executor.submit(self._open))
            held, self._held = self._held, []
            for call in held:
                self._queue(call)
            self._started.set()

    def stop(self, timeout: float | None = None) -> bool:
        """Run everything given so far (starting first if need be; a store never opened and
        given nothing is not opened now), try the kept writes once more and close the store;
        wait for all of it, at most ``timeout`` seconds (``False`` if that was not enough).
        Writes given later are not run: :attr:`unsaved` names them."""
        with self._lock:
            idle = self._executor is None and not self._held
        self.close_when_done()
        if idle or self.wait_idle(timeout):
            return True
        with self._lock:  # given up on: the writes still waiting are not saved
            self.unsaved.extend(label for f, label in self._writes.items() if not f.done())
        return False

    def close_when_done(self) -> None:
        """Without waiting: run everything given so far (starting first if need be), try
        the kept writes once more, close the store and end the recorder's thread. Writes
        given later are not run (:attr:`unsaved` names them); :meth:`stop` waits for it."""
        with self._lock:
            stopping = not self._stopped
            self._stopped = True
            if self._executor is None and not self._held:
                return  # never opened, nothing given: nothing to run or close
        if self._executor is None:
            try:
                self.start()
            except RuntimeError:  # started by another thread meanwhile
                pass
        assert self._executor is not None
        if stopping:
            with self._lock:
                self._futures.append(self._executor.submit(self._close))
                self._executor.finish()

    def wait_idle(self, timeout: float | None = 5.0) -> bool:
        """Wait until every call given so far has run (or failed), at most ``timeout``
        seconds (``None``: as long as it takes). ``False`` on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._started.wait(timeout):
            with self._lock:
                return not self._held
        with self._lock:
            self._futures = [f for f in self._futures if not f.done()]
            pending = list(self._futures)
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        _, not_done = wait(pending, timeout=left)
        return not not_done

    def wait_open(self, cancelled: Callable[[], bool] = lambda: False,
                  poll: float = 0.02) -> Any:
        """Wait until the store is open and return it (``None`` if it failed to open, or
        ``cancelled()`` became true first). For a worker thread of the front end's that
        keeps its own connection (the live class's watchers)."""
        while self.state is StoreState.WAITING:
            if cancelled():
                return None
            time.sleep(poll)
        return self.store if self.state is StoreState.READY else None

    def retry_open(self) -> None:
        """After the store failed to open (the database away when the app started), try
        to open it again on the recorder's thread, after the calls given so far (see
        :meth:`wait_open`). Nothing when it is open or opening, or the recorder stopped."""
        with self._lock:
            if self.state is not StoreState.FAILED or self._executor is None or self._stopped:
                return
            self.state = StoreState.WAITING
            self._futures.append(self._executor.submit(self._open))

    @property
    def started(self) -> bool:
        return self._started.is_set()

    @property
    def ready(self) -> bool:
        return self.state is StoreState.READY

    @property
    def failed(self) -> bool:
        return self.state is StoreState.FAILED or bool(self.unsaved)

    def _submit(self, call: _Call) -> None:
        with self._lock:
            if self._stopped:  # too late to run: a write is named at exit
                self.unsaved.append(call.label)
                return
            if self._executor is None:
                self._held.append(call)
                return
            self._queue(call)

    def _queue(self, call: _Call) -> None:
        """Hand ``call`` to the worker (the lock is held)."""
        assert self._executor is not None
        future = self._executor.submit(self._run, call)
        self._futures.append(future)
        self._writes[future] = call.label
        future.add_done_callback(self._written)

    def _written(self, future: Future[Any]) -> None:
        with self._lock:
            self._writes.pop(future, None)

    # -- the recorder's thread -----------------------------------------------------------

    def _open(self) -> None:
        if self.store is None:
            try:
                self.store = self.opener(self.url)
            except Exception as exc:  # shown to the user; the answers stay in memory
                self.state = StoreState.FAILED
                self.error = message_of(exc)
                self.on_event(StoreFailed(self.error))
                return
        self.state = StoreState.READY
        self.on_event(StoreOpened())

    def _close(self) -> None:
        self._retry_kept()
        close = getattr(self.store, "close", None)
        if close is not None and self.state is StoreState.READY:
            close()

    def _retry_kept(self) -> None:
        """Try the writes that failed on the open store again, in order, once each."""
        if self.state is not StoreState.READY or not self._kept:
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
            self.on_event(WritesRecovered())

    def _run(self, call: _Call) -> None:
        self._retry_kept()
        try:
            if self.state is not StoreState.READY:
                raise _NotOpen(self.error)
            result = call.fn(self.store)
            if call.after is not None:
                call.after(result)
        except Exception as exc:  # reported to the front end; the write is kept in `unsaved`
            error = message_of(exc)
            if getattr(exc, "final", False):  # refused by the database for good: said only
                self.on_event(WriteFailed(error))
                return
            self.unsaved.append(call.label)
            self._kept.append(call)
            if self.state is StoreState.READY:
                self.error = error
                self.on_event(WriteFailed(error))


class _NotOpen(RuntimeError):
    pass


def _id(ref: AttemptRef) -> int:
    if ref.id is None:
        raise RuntimeError("the attempt was not created in the database")
    return ref.id


def message_of(exc: BaseException) -> str:
    """An error as one line for the user (its first line, or its type's name)."""
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
