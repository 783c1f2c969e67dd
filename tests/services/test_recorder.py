"""The recorder: calls run in order on one thread, writes wait for the store, and nothing
is dropped when the store fails."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from quizapp.services.recorder import (
    Recorder,
    StoreFailed,
    StoreOpened,
    StoreState,
    StoreUnavailable,
    WriteFailed,
    WritesRecovered,
)


class FakeStore:
    """A store whose attempts repository (``store.attempts``) records the calls it gets."""

    def __init__(self, fail_on: str = "") -> None:
        self.attempts = self
        self.calls: list[tuple] = []
        self.fail_on = fail_on
        self.closed = False

    def start_attempt(self, *args):
        self.calls.append(("start", *args))
        return 41

    def record_response(self, attempt_id, question_id, *rest, at=None):
        if question_id == self.fail_on:
            raise RuntimeError(f"cannot write {question_id}")
        self.calls.append(("answer", attempt_id, question_id))

    def finish_attempt(self, attempt_id, score, max_score, unanswered=()):
        self.calls.append(("finish", attempt_id, score, max_score, tuple(unanswered)))

    def close(self):
        self.closed = True


def kinds(events) -> list[type]:
    return [type(e) for e in events]


def test_calls_queued_before_the_store_opens_run_in_order():
    gate = threading.Event()
    store = FakeStore()
    events = []

    def opener(url):
        gate.wait(5)
        return store

    rec = Recorder("sqlite://", opener, events.append)
    ref = rec.start_attempt("张三", "practice", ("01-city",), {"seed": 1}, 1, 3)
    for qid in ("q1", "q2", "q3"):
        rec.record(ref, qid, "hash", "answer", 1.0, 1, True, 2.0)
    rec.finish(ref, 3.0, 3, (("q4", "h4", 1),))
    rec.start()
    assert not rec.wait_idle(0.2)  # still waiting for the store
    assert store.calls == []
    gate.set()
    assert rec.wait_idle(5)
    assert rec.stop(5)
    assert [c[0] for c in store.calls] == ["start", "answer", "answer", "answer", "finish"]
    assert [c[2] for c in store.calls if c[0] == "answer"] == ["q1", "q2", "q3"]
    assert store.calls[-1] == ("finish", 41, 3.0, 3, (("q4", "h4", 1),))
    assert ref.id == 41
    assert kinds(events) == [StoreOpened]
    assert store.closed and not rec.failed


def test_a_store_that_does_not_open_keeps_every_write():
    events = []

    def opener(url):
        raise OSError("no such folder")

    rec = Recorder("sqlite:///nowhere/x.db", opener, events.append)
    rec.start()
    ref = rec.start_attempt("张三", "exam", (), {}, 1, 2)
    rec.record(ref, "q1", "h", None, 0.0, 1, False, 1.0)
    with pytest.raises(StoreUnavailable, match="no such folder"):  # a read is told why
        rec.store_for_reads()
    assert rec.wait_idle(5)
    assert rec.stop(5)
    assert rec.failed and rec.state is StoreState.FAILED and rec.error == "no such folder"
    assert rec.unsaved == ["start attempt (张三)", "answer q1"]
    assert kinds(events) == [StoreFailed] and "no such folder" in events[0].error


def test_a_store_that_did_not_open_is_tried_again_when_asked():
    """The database away when the app started, back later: retry_open opens it, and the
    writes kept meanwhile run then, in order."""
    store = FakeStore()
    events = []
    away = {"now": True}

    def opener(url):
        if away["now"]:
            raise OSError("server closed the connection")
        return store

    rec = Recorder("postgresql://school/quiz", opener, events.append)
    rec.start()
    ref = rec.start_attempt("张三", "live", (), {}, 1, 2)
    assert rec.wait_open() is None and rec.state is StoreState.FAILED
    rec.retry_open()  # still away: failed again, said again
    assert rec.wait_open() is None
    away["now"] = False
    rec.retry_open()
    assert rec.wait_open() is store and rec.state is StoreState.READY
    rec.record(ref, "q1", "h", "x", 1.0, 1, True, 1.0)
    assert rec.stop(5)
    assert [c[0] for c in store.calls] == ["start", "answer"]
    assert not rec.unsaved and not rec.failed
    assert kinds(events)[:3] == [StoreFailed, StoreFailed, StoreOpened]
    rec.retry_open()  # stopped: nothing
    assert rec.state is StoreState.READY


def test_a_failed_write_is_reported_and_later_writes_still_run():
    store = FakeStore(fail_on="q2")
    events = []
    rec = Recorder("sqlite://", lambda url: store, events.append)
    rec.start()
    ref = rec.start_attempt("张三", "practice", (), {}, 1, 3)
    for qid in ("q1", "q2", "q3"):
        rec.record(ref, qid, "h", "a", 1.0, 1, True, 1.0)
    assert rec.wait_idle(5)
    assert rec.stop(5)
    assert [c[2] for c in store.calls if c[0] == "answer"] == ["q1", "q3"]
    assert rec.unsaved == ["answer q2"] and rec.failed
    assert kinds(events) == [StoreOpened, WriteFailed]
    assert "cannot write q2" in events[-1].error


def test_a_read_waits_for_the_writes_given_before_it():
    """The store is handed to a reading thread only once the writes given before have run,
    so the read sees them; before the recorder starts, the reader waits."""
    gate = threading.Event()
    store = FakeStore()

    def opener(url):
        gate.wait(5)
        return store

    rec = Recorder("sqlite://", opener)
    ref = rec.start_attempt("张三", "practice", (), {}, 1, 1)
    rec.record(ref, "q1", "h", "a", 1.0, 1, True, 1.0)
    seen: list = []
    reader = threading.Thread(target=lambda: seen.append(
        [c[0] for c in rec.store_for_reads().calls]))
    reader.start()
    rec.start()
    reader.join(0.2)
    assert reader.is_alive() and seen == []  # the store is not open yet
    gate.set()
    reader.join(5)
    assert seen == [["start", "answer"]]
    assert rec.stop(5)


def test_a_cancelled_read_stops_waiting():
    rec = Recorder("sqlite://", lambda url: FakeStore())  # never started
    cancelled = threading.Event()
    threading.Timer(0.1, cancelled.set).start()
    assert rec.store_for_reads(cancelled.is_set) is None


def test_stopping_before_the_start_still_runs_what_was_held():
    store = FakeStore()
    rec = Recorder("sqlite://", lambda url: store)
    ref = rec.start_attempt("张三", "practice", (), {}, 1, 1)
    rec.record(ref, "q1", "h", "a", 1.0, 1, True, 1.0)
    assert rec.stop(5)  # the app is closing before its first frame
    assert [c[0] for c in store.calls] == ["start", "answer"] and store.closed
    assert rec.started and not rec.failed


def test_stopping_a_recorder_never_started_and_given_nothing_opens_no_store():
    """A served seat nobody typed in ends without loading or opening the database."""
    opened = []
    rec = Recorder("sqlite://", lambda url: opened.append(url) or FakeStore())
    assert rec.stop(5)
    assert opened == [] and not rec.started and not rec.failed


def test_a_write_after_the_stop_is_named_not_lost_silently():
    store = FakeStore()
    rec = Recorder("sqlite://", lambda url: store)
    rec.start()
    assert rec.stop(5)
    rec.record(rec.start_attempt("张三", "practice", (), {}, 1, 1), "q1", "h", "a", 1.0, 1,
               True, 1.0)
    assert store.calls == []
    assert rec.failed and rec.unsaved == ["start attempt (张三)", "answer q1"]


def test_starting_twice_is_refused():
    rec = Recorder("sqlite://", lambda url: FakeStore())
    rec.start()
    assert rec.started
    with pytest.raises(RuntimeError, match="already"):
        rec.start()
    assert rec.stop(5)


class FlakyStore(FakeStore):
    """Fails the first ``failures`` writes of ``question_id``, then works."""

    def __init__(self, question_id: str, failures: int = 1) -> None:
        super().__init__(fail_on=question_id)
        self.failures = failures

    def record_response(self, attempt_id, question_id, *rest, at=None):
        if question_id == self.fail_on and self.failures > 0:
            self.failures -= 1
            raise RuntimeError("database is locked")
        self.calls.append(("answer", attempt_id, question_id, at))


def test_a_write_that_failed_is_tried_again_before_the_next_one():
    store = FlakyStore("q2")
    events = []
    rec = Recorder("sqlite://", lambda url: store, events.append)
    rec.start()
    ref = rec.start_attempt("张三", "practice", (), {}, 1, 3)
    for qid in ("q1", "q2"):
        rec.record(ref, qid, "h", "a", 1.0, 1, True, 1.0)
    assert rec.wait_idle(5)
    assert rec.unsaved == ["answer q2"] and rec.failed
    rec.record(ref, "q3", "h", "a", 1.0, 1, True, 1.0)
    assert rec.wait_idle(5)
    assert rec.stop(5)
    answers = [c for c in store.calls if c[0] == "answer"]
    assert [c[2] for c in answers] == ["q1", "q2", "q3"]
    # each answer keeps the time it was given, not the time it reached the database
    assert answers[0][3] <= answers[1][3] <= answers[2][3]
    assert rec.unsaved == [] and not rec.failed and rec.error == ""
    assert kinds(events) == [StoreOpened, WriteFailed, WritesRecovered]


def test_kept_writes_are_tried_again_when_the_recorder_stops():
    store = FlakyStore("q1")
    events = []
    rec = Recorder("sqlite://", lambda url: store, events.append)
    rec.start()
    ref = rec.start_attempt("张三", "practice", (), {}, 1, 1)
    rec.record(ref, "q1", "h", "a", 1.0, 1, True, 1.0)
    assert rec.wait_idle(5)
    assert rec.stop(5)
    assert [c[2] for c in store.calls if c[0] == "answer"] == ["q1"]
    assert not rec.failed and isinstance(events[-1], WritesRecovered)


def test_a_store_that_never_answers_does_not_hold_the_process_open():
    """stop() gives up after its timeout, the writes still waiting are named, and the
    process can exit although the recorder's thread is still stuck in the database."""
    code = (
        "import threading\n"
        "from quizapp.services.recorder import Recorder\n"
        "rec = Recorder('postgresql://blackhole/x', lambda url: threading.Event().wait())\n"
        "rec.record(rec.start_attempt('x', 'practice', (), {}, 1, 1), 'q1', 'h', 'a', 1.0, 1,"
        " True, 1.0)\n"
        "print(rec.stop(timeout=0.2), rec.unsaved, flush=True)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False ['start attempt (x)', 'answer q1']"


def test_closing_when_done_returns_at_once_runs_what_came_before_and_ends_the_thread():
    """What an app does as it exits: the writes given so far still run, then the store is
    closed and the recorder's thread ends; a write given after is not run but named."""
    gate = threading.Event()
    store = FakeStore()

    def opener(url):
        gate.wait(5)
        return store

    before = set(threading.enumerate())
    rec = Recorder("sqlite://", opener)
    ref = rec.start_attempt("张三", "practice", ("01-city",), {"seed": 1}, 1, 3)
    rec.start()
    [thread] = [t for t in threading.enumerate() if t not in before and t.name == "store"]
    rec.close_when_done()  # the store has not even opened yet: nothing waits for it here
    assert not store.closed
    rec.record(ref, "q1", "hash", "answer", 1.0, 1, True, 2.0)
    gate.set()
    assert rec.wait_idle(5)
    assert [c[0] for c in store.calls] == ["start"]
    assert store.closed and rec.unsaved == ["answer q1"]
    thread.join(5)
    assert not thread.is_alive()
    assert rec.stop(5)  # stopping again (as the command line does after the app) is a no-op


def test_a_write_the_database_refused_for_good_is_said_not_kept():
    """A homework answer refused by the server (past its due time) is told to the student
    once; trying it again would change nothing, so it is not kept or retried."""

    class Refused(Exception):
        final = True

    tries = []

    def refused(store):
        tries.append(1)
        raise Refused("this attempt is past its due time")

    store = FakeStore()
    events = []
    rec = Recorder("sqlite://", lambda url: store, events.append)
    rec.start()
    rec.write(refused, "answer q1")
    ref = rec.start_attempt("张三", "practice", (), {}, 1, 3)
    rec.record(ref, "q2", "h", "a", 1.0, 1, True, 1.0)
    assert rec.wait_idle(5)
    assert rec.stop(5)
    assert tries == [1] and rec.unsaved == []
    assert [c[2] for c in store.calls if c[0] == "answer"] == ["q2"]
    assert kinds(events) == [StoreOpened, WriteFailed]
    assert "past its due time" in events[-1].error
