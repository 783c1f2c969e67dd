"""Score storage: SQLModel tables, the engine factory, schema versions, queries and reports.

The rest of the app uses :class:`Store` (see :mod:`quizapp.storage.store`); importing this
package loads SQLAlchemy/SQLModel, so UI code imports it lazily (after the first frame).
"""

from quizapp.storage.engine import StorageError, safe_url
from quizapp.storage.store import (
    AttemptDetail,
    AttemptSummary,
    CardRecord,
    ResponseRecord,
    ReviewRecord,
    Store,
    set_label,
)
from quizapp.storage.tables import SCHEMA_VERSION, Student

__all__ = [
    "SCHEMA_VERSION",
    "AttemptDetail",
    "AttemptSummary",
    "CardRecord",
    "ResponseRecord",
    "ReviewRecord",
    "StorageError",
    "Store",
    "Student",
    "safe_url",
    "set_label",
]
