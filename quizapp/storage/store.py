"""The score store: the one object the UI, the CLI and the services use to read and write
scores.

>>> store = Store.open("sqlite:///scores.db")          # doctest: +SKIP
>>> alice = store.student("Alice")
>>> aid = store.start_attempt(alice, "exam", ["01-basics"], spec.to_dict(), seed=7, max_score=10)
>>> store.record_response(aid, "q1", q.content_hash(), encoded, 1.0, 1, True, 4.2)
>>> store.finish_attempt(aid, 8.0, 10)

It is made of one part per kind of data, each reading only its own tables (and the
``student`` table, to find a student by name): :class:`~quizapp.storage.attempts.AttemptStore`
(attempts and responses) and :class:`~quizapp.storage.flashcards.FlashcardStore` (flashcard
states and reviews); class reports are :mod:`quizapp.storage.reports`.

Every write is one short transaction, committed before the method returns. Every datetime
going in must be timezone-aware; every datetime coming out is UTC-aware. Database failures
surface as :class:`StorageError` with a one-line message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

from quizapp.core.messages import msg
from quizapp.storage.attempts import AttemptStore
from quizapp.storage.classes import ClassStore
from quizapp.storage.dashboard import DashboardStore
from quizapp.storage.engine import StorageError, first_line, make_engine, safe_url
from quizapp.storage.flashcards import FlashcardStore
from quizapp.storage.migrations import ensure_schema
from quizapp.storage.teacher_auth import TeacherAuthStore

if TYPE_CHECKING:
    from quizapp.storage.live import LiveStore


class Store(AttemptStore, FlashcardStore, ClassStore, DashboardStore, TeacherAuthStore):
    """Typed access to the score database. Build one with :meth:`open`."""

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True) -> Store:
        """Open (creating or upgrading the schema) the database at ``url``.

        ``None`` means :func:`quizapp.paths.db_url` (``QUIZAPP_DB`` or the default SQLite
        file, whose folder is created). With ``create=False`` a missing SQLite file is an
        error. Raises :class:`StorageError` for a file that is not a database or is corrupt
        (the file is left untouched), a newer schema version, or an unreachable server.
        """
        from quizapp import paths

        if url is None:
            url = paths.db_url()
            if url == f"sqlite:///{paths.default_db_path()}" and create:
                paths.data_dir(create=True)
        engine = make_engine(url, create=create)
        try:
            ensure_schema(engine)
        except DBAPIError as exc:
            engine.dispose()
            raise StorageError(msg("storage.cannot_prepare", db=safe_url(url),
                                       error=first_line(exc))) from None
        except StorageError:
            engine.dispose()
            raise
        return cls(engine)

    def live(self) -> LiveStore:
        """The live-class part on the same engine (closed with this store)."""
        from quizapp.storage.live import LiveStore

        return LiveStore.of(self)

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
