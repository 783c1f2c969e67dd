"""Reading the score database off the UI thread: each read is a thread worker of the screen
(or the app) that asks, cancelled with it, and answers with a typed message posted to it
(:mod:`quizapp.tui.messages`). A screen closed before its read ends never gets the answer:
its workers are cancelled and its message queue is closed.

>>> read(screen, lambda reads: HistoryRead(reads.history("张三")))   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker, get_current_worker

from quizapp.services.recorder import message_of
from quizapp.services.scorebook import Reads
from quizapp.tui.messages import ReadFailed

Reader = Callable[[Reads], Message]
#: The name every read's worker starts with.
READ = "read"


def read(node: DOMNode, reader: Reader, *, group: str = "read",
         exclusive: bool = False) -> Worker[None]:
    """Run ``reader`` on a thread worker of ``node`` once the store is open and the writes
    given before have run; post the message it returns to ``node`` (:class:`ReadFailed`
    with a one-line error and the ``group`` if the read failed). ``exclusive`` cancels the group's earlier
    reads (their answers are then dropped)."""
    return node.run_worker(partial(_run, node, reader, group), name=f"{READ} {group}",
                           thread=True, group=group, exclusive=exclusive, exit_on_error=False)


def reading(app: Any) -> bool:
    """Whether any read of the app's screens (or the app) is still under way."""
    return any(w.name.startswith(READ) and not w.is_finished for w in app.workers)


def _run(node: DOMNode, reader: Reader, group: str) -> None:
    worker = get_current_worker()

    def cancelled() -> bool:
        return worker.is_cancelled

    app: Any = node.app
    try:
        reads = app.scores.reader(cancelled)
        if reads is None:
            return
        answer = reader(reads)
    except Exception as exc:  # shown to the user as one line; the screen stays usable
        answer = ReadFailed(message_of(exc), group)
    if not cancelled():
        node.post_message(answer)
