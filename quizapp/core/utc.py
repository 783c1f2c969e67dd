"""Time for the whole app: every datetime is timezone-aware UTC.

:func:`now` is the default clock; :func:`aware` is the one check that refuses a naive
datetime (a local time silently taken for UTC is the bug it prevents); :func:`parse` reads
the ISO strings FSRS data carries; :func:`stored` reads a moment back from the database,
where a naive value is UTC by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

#: Something that tells the time (``now`` in the app, a hand-moved clock in tests).
Clock = Callable[[], datetime]


def now() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """``moment`` in UTC; raises ``ValueError`` if it has no time zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: pass a timezone-aware one")
    return moment.astimezone(UTC)


def parse(value: datetime | str | None) -> datetime | None:
    """An ISO string or a datetime as an aware UTC datetime (``None`` stays ``None``)."""
    if value is None:
        return None
    return aware(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))


def stored(value: datetime | str | None) -> datetime | None:
    """A moment read back from the score database as an aware UTC datetime. The database
    holds UTC only (SQLite without a time zone, and as ISO text where an aggregate loses the
    column's type), so a naive value here *is* UTC; ``None`` stays ``None``."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
