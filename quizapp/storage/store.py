"""The score store: the engine and one repository per area, for the UI, the CLI and the
services.

>>> store = Store.open("sqlite:///scores.db")          # doctest: +SKIP
>>> alice = store.students.student("Alice")
>>> aid = store.attempts.start_attempt(alice, "exam", ["01-basics"], spec.to_dict(), seed=7,
...                                    max_score=10)
>>> store.attempts.record_response(aid, "q1", q.content_hash(), encoded, 1.0, 1, True, 4.2)
>>> store.attempts.finish_attempt(aid, 8.0, 10)

Each repository reads only its own tables (and ``student``, to find a student by name) and
implements one port of :mod:`quizapp.services.ports`:

- :attr:`Store.students`: :class:`~quizapp.storage.students.StudentStore`;
- :attr:`Store.attempts`: :class:`~quizapp.storage.attempts.AttemptStore` (attempts and
  responses, ``AttemptPort``);
- :attr:`Store.cards`: :class:`~quizapp.storage.flashcards.FlashcardStore` (flashcard states
  and reviews, ``FlashcardPort``);
- :attr:`Store.classes`: :class:`~quizapp.storage.classes.ClassStore` (classes and rosters,
  ``ClassPort``);
- :attr:`Store.live`: :class:`~quizapp.storage.live.LiveStore` (live classes, ``LivePort``);
- :attr:`Store.reports`: :class:`~quizapp.storage.dashboard.ReportStore` (class reports and
  the teacher's dashboard, ``DashboardPort``);
- :attr:`Store.assignments`: :class:`~quizapp.storage.assignments.AssignmentStore`
  (homework, ``AssignmentPort``);
- :attr:`Store.keys`: :class:`~quizapp.storage.homework_keys.HomeworkKeyStore` (students'
  homework keys, and homework on the shared student login, ``HomeworkKeyPort``).

Every write is one short transaction, committed before the method returns. Every datetime
going in must be timezone-aware; every datetime coming out is UTC-aware. Database failures
surface as :class:`StorageError` with a one-line message.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from quizapp.core.messages import msg
from quizapp.storage.assignments import AssignmentStore
from quizapp.storage.attempts import AttemptStore
from quizapp.storage.classes import ClassStore
from quizapp.storage.dashboard import ReportStore
from quizapp.storage.engine import StorageError, first_line, make_engine, safe_url
from quizapp.storage.flashcards import FlashcardStore
from quizapp.storage.homework_keys import HomeworkKeyStore
from quizapp.storage.live import LiveStore
from quizapp.storage.migrations import ensure_schema
from quizapp.storage.students import StudentStore
from quizapp.storage.teacher_auth import TeacherAuthStore


class Store:
    """The score database: its engine and a repository per area over it. Build one with
    :meth:`open`; :meth:`close` releases every connection."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        #: The database URL with its password masked.
        self.url = safe_url(engine.url)
        self.students = StudentStore(engine)
        self.attempts = AttemptStore(engine)
        self.cards = FlashcardStore(engine)
        self.classes = ClassStore(engine)
        self.live = LiveStore(engine)
        self.reports = ReportStore(engine)
        self.teachers = TeacherAuthStore(engine)
        self.assignments = AssignmentStore(engine)
        self.keys = HomeworkKeyStore(engine)

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

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
