"""Real processes: a killed writer loses no committed answer; eight writers at once lose none
and never see "database is locked"."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from storage_fixture import student_names

from quizapp.storage import Store
from quizapp.storage.attempts import attempt_t, response_t

WRITER = str(Path(__file__).with_name("storage_writer.py"))
REPO = Path(__file__).resolve().parents[2]


def spawn(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, WRITER, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_killed_process_loses_no_committed_answer(db_url: str, backend: str):
    Store.open(db_url).close()  # schema first, so the child starts answering at once
    proc = spawn("loop", db_url, "小明")
    try:
        first = proc.stdout.readline()
        assert first.startswith("attempt "), proc.stderr.read()
        aid = int(first.split()[1])
        acknowledged = -1
        deadline = time.monotonic() + 30
        while acknowledged < 60 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line.startswith("ok "), line + proc.stderr.read()
            acknowledged = int(line.split()[1])
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        # anything it printed after our last read was committed too
        for line in proc.stdout.read().splitlines():
            if line.startswith("ok "):
                acknowledged = int(line.split()[1])
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert acknowledged >= 60

    with Store.open(db_url) as store:
        detail = store.attempts.attempt(aid)
        stored = [r.question_id for r in detail.responses]
        # every acknowledged answer is there, in order; at most one more committed
        # between its commit and the print
        assert stored[: acknowledged + 1] == [f"q{i}" for i in range(acknowledged + 1)]
        assert len(stored) - (acknowledged + 1) in (0, 1)
        assert [r.response for r in detail.responses[:3]] == [{"i": 0}, {"i": 1}, {"i": 2}]
        assert not detail.summary.finished
        assert [a.id for a in store.attempts.unfinished_attempts("小明")] == [aid]
        if backend == "sqlite":
            with store.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_eight_writers_lose_nothing(db_url: str, tmp_path):
    """Eight processes open a brand-new database together (racing to create the schema),
    then write 500 answers each at the same moment."""
    go = tmp_path / "go"
    procs = [spawn("burst", db_url, f"student-{k}", "500", str(go)) for k in range(8)]
    try:
        for p in procs:
            line = p.stdout.readline()
            assert line.strip() == "ready", line + p.stderr.read()
        go.touch()
        outputs = [p.communicate(timeout=120) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert "locked" not in err.lower()
        assert p.returncode == 0, err
    with Store.open(db_url) as store, store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(response_t)).scalar()
        per_attempt = conn.execute(
            select(attempt_t.c.id, func.count(response_t.c.id), attempt_t.c.finished_at)
            .join(response_t, response_t.c.attempt_id == attempt_t.c.id)
            .group_by(attempt_t.c.id, attempt_t.c.finished_at)
        ).all()
        assert total == 8 * 500
        assert len(per_attempt) == 8
        assert all(n == 500 and finished is not None for _, n, finished in per_attempt)
        assert len(student_names(store)) == 8
