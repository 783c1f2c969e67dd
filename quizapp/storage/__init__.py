"""Score storage: SQLModel tables, the engine factory, schema versions, queries and reports.

One repository per area over one engine, each in its own module and each the implementation
of one port of :mod:`quizapp.services.ports`: :mod:`~quizapp.storage.students`,
:mod:`~quizapp.storage.attempts` (attempts and responses), :mod:`~quizapp.storage.flashcards`
(flashcard states and reviews), :mod:`~quizapp.storage.classes`, :mod:`~quizapp.storage.live`
and :mod:`~quizapp.storage.dashboard` (class reports and the dashboard); :class:`Store` holds
the engine and one of each. Importing this package loads SQLAlchemy/SQLModel, so UI code
imports it lazily (after the first frame).
"""

from quizapp.storage.attempts import AttemptDetail, AttemptSummary, ResponseRecord, set_label
from quizapp.storage.engine import DatabaseBusy, StorageError, StoreUnreachable, safe_url
from quizapp.storage.flashcards import FlashcardRecord, ReviewRecord
from quizapp.storage.store import Store
from quizapp.storage.tables import SCHEMA_VERSION, Student

__all__ = [
    "SCHEMA_VERSION",
    "AttemptDetail",
    "AttemptSummary",
    "DatabaseBusy",
    "FlashcardRecord",
    "ResponseRecord",
    "ReviewRecord",
    "StorageError",
    "Store",
    "StoreUnreachable",
    "Student",
    "safe_url",
    "set_label",
]
