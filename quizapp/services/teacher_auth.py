"""The teacher password: set once for the whole database, then asked for before the
teacher's work (the desk, hosting and ending a live class, class and roster changes,
class reports). Students never see it asked for where they work (quizzes, flashcards).

Only a hash is stored: ``scrypt$<n>$<r>$<p>$<salt hex>$<key hex>`` from
:func:`hashlib.scrypt` with a random salt per password (:func:`hash_password`).

No password yet (a new database): the first teacher's action asks the teacher to choose
one (:meth:`TeacherGate.needs_setting`), and from then on it is required. Changing it needs
the current one. ``QUIZAPP_TEACHER_PASSWORD``, when set, is the password typed for the
teacher (a teacher's own scripts, e.g. a weekly report); with no password set yet it
becomes the password.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from quizapp.services.ports import TeacherPasswordPort

#: scrypt's cost: 2**14 (16 MiB with r=8), about 50 ms here.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
KEY_BYTES = 32
SALT_BYTES = 16
#: the most a stored hash may ask for (a hash written by someone else is not trusted)
MAX_N = 2**17
MIN_LENGTH = 6
MAX_LENGTH = 200
#: the environment variable that types the teacher password for the teacher
ENV_PASSWORD = "QUIZAPP_TEACHER_PASSWORD"


def given_password() -> str | None:
    """The password ``QUIZAPP_TEACHER_PASSWORD`` gives, if any."""
    value = os.environ.get(ENV_PASSWORD)
    return value if value else None


def hash_password(password: str, *, salt: bytes | None = None, n: int = SCRYPT_N) -> str:
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P,
                         dklen=KEY_BYTES, maxmem=128 * SCRYPT_R * (MAX_N + 2))
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${key.hex()}"


def verify(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` is the hash of (``False`` for a hash this
    module did not write)."""
    try:
        kind, n_s, r_s, p_s, salt_hex, key_hex = stored.split("$")
        n, r, p = int(n_s), int(r_s), int(p_s)
        salt, key = bytes.fromhex(salt_hex), bytes.fromhex(key_hex)
    except ValueError:
        return False
    if kind != "scrypt" or not (2 <= n <= MAX_N and n & (n - 1) == 0) or r != SCRYPT_R \
            or p != SCRYPT_P or len(key) != KEY_BYTES or not salt:
        return False
    try:
        got = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                             dklen=len(key), maxmem=128 * r * (MAX_N + 2))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(got, key)


def problem_with(password: str) -> str | None:
    """The catalogue key of what is wrong with a new password, or ``None``."""
    if len(password) < MIN_LENGTH:
        return "teacher.password_short"
    if len(password) > MAX_LENGTH:
        return "teacher.password_long"
    return None


class TeacherGate:
    """The checks a front end makes (the store is :class:`TeacherPasswordPort`)."""

    def __init__(self, store: TeacherPasswordPort) -> None:
        self.store = store

    def needs_setting(self) -> bool:
        """No teacher password yet: the teacher is to choose one."""
        return self.store.teacher_password_hash() is None

    def check_given(self) -> bool | None:
        """With ``QUIZAPP_TEACHER_PASSWORD`` set: whether it lets the teacher in (setting it
        first on a database without one); ``None`` without it."""
        given = given_password()
        if given is None:
            return None
        if self.needs_setting():
            return problem_with(given) is None and (self.set_first(given) or self.check(given))
        return self.check(given)

    def check(self, password: str) -> bool:
        stored = self.store.teacher_password_hash()
        return stored is not None and verify(password, stored)

    def set_first(self, password: str) -> bool:
        """Set the first password; ``False`` when one was set meanwhile."""
        return self.store.set_teacher_password_hash(hash_password(password), old=None)

    def change(self, current: str, new: str) -> bool:
        """Change the password; ``False`` when ``current`` is wrong."""
        stored = self.store.teacher_password_hash()
        if stored is None or not verify(current, stored):
            return False
        return self.store.set_teacher_password_hash(hash_password(new), old=stored)
