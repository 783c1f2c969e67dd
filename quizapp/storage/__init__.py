"""Score storage: SQLModel tables, the engine factory, schema versions, queries and reports.

One module per kind of data: :mod:`~quizapp.storage.students`,
:mod:`~quizapp.storage.attempts` (attempts and responses), :mod:`~quizapp.storage.flashcards`
(flashcard states and reviews) and :mod:`~quizapp.storage.reports`; :class:`Store` joins the
first three. Importing this package loads SQLAlchemy/SQLModel, so UI code imports it lazily
(after the first frame).
"""

from quizapp.storage.attempts import AttemptDetail, AttemptSummary, ResponseRecord, set_label
from quizapp.storage.engine import DatabaseBusy, StorageError, safe_url
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
    "Student",
    "safe_url",
    "set_label",
]
