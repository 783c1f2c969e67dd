"""A child process for the storage tests: ``python storage_writer.py MODE URL NAME [N] [GO]``.

``loop``: start an attempt, print ``attempt <id>``, then answer forever, printing
``ok <i>`` after each answer is committed (the parent kills it).
``burst``: start an attempt, wait for the file GO to exist, record N answers, finish.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from quizapp.storage import Store


def main(argv: list[str]) -> int:
    mode, url, name = argv[:3]
    store = Store.open(url)
    if mode == "loop":
        aid = store.attempts.start_attempt(name, "exam", ["s1"], {"sets": ["s1"]}, 1, 10**6)
        print(f"attempt {aid}", flush=True)
        i = 0
        while True:
            store.attempts.record_response(aid, f"q{i}", "h", {"i": i}, 1, 1, True, 0.1)
            print(f"ok {i}", flush=True)
            i += 1
    count, go = int(argv[3]), Path(argv[4])
    aid = store.attempts.start_attempt(name, "practice", ["s1"], {}, 1, count)
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            return 3
        time.sleep(0.005)
    for i in range(count):
        store.attempts.record_response(aid, f"q{i}", "h", i, i % 2, 1, i % 2 == 1, 0.1)
    store.attempts.finish_attempt(aid, count // 2, count)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
