"""The teacher password's hash (table ``teacher_password``, one row): read, and set with a
check of what was there, so two teachers setting the first one at once cannot both win."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from quizapp.core import utc
from quizapp.storage.engine import write_tx
from quizapp.storage.students import StudentStore, guard
from quizapp.storage.tables import TeacherPassword

password_t = TeacherPassword.__table__


class TeacherAuthStore(StudentStore):
    @guard
    def teacher_password_hash(self) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(password_t.c.hash).where(password_t.c.id == 1)).scalar()

    @guard
    def set_teacher_password_hash(self, new: str, *, old: str | None) -> bool:
        """Store ``new`` if the stored hash is still ``old`` (``None``: none yet)."""
        try:
            with write_tx(self.engine) as conn:
                if old is None:
                    conn.execute(password_t.insert(), {"id": 1, "hash": new,
                                                       "set_at": utc.now()})
                    return True
                done = conn.execute(update(password_t).where(
                    password_t.c.id == 1, password_t.c.hash == old)
                    .values(hash=new, set_at=utc.now()))
                return done.rowcount == 1
        except IntegrityError:
            return False
