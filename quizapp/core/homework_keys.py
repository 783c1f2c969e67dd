"""A student's personal homework key: what a student types on a login shared by the whole
class (the school database's student role) so that the database can tell whose work it is.

A key is 12 characters of an alphabet without look-alikes (no 0/O, 1/I/L), shown in three
groups (``K7QM-3XWD-9PRT``): about 59 bits, typeable, and read aloud without confusion.
The database keeps only its SHA-256 (:func:`key_hash`). Typing is forgiving: lower case,
spaces and dashes anywhere are the same key (:func:`normalize`).
"""

from __future__ import annotations

import hashlib
import math
import secrets

#: 31 characters: digits 2-9 and the capitals without I, L and O.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS = 3
GROUP_LEN = 4
LENGTH = GROUPS * GROUP_LEN
#: The key's strength in bits (at least 55).
BITS = LENGTH * math.log2(len(ALPHABET))


def new_key() -> str:
    """A new random key, grouped (``XXXX-XXXX-XXXX``)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return _grouped(raw)


def _grouped(raw: str) -> str:
    return "-".join(raw[i:i + GROUP_LEN] for i in range(0, LENGTH, GROUP_LEN))


def normalize(typed: str) -> str | None:
    """The key as stored and sent (``XXXX-XXXX-XXXX``), or ``None`` for text that cannot be
    one (wrong length or a character outside the alphabet)."""
    raw = "".join(typed.split()).replace("-", "").upper()
    if len(raw) != LENGTH or any(c not in ALPHABET for c in raw):
        return None
    return _grouped(raw)


def key_hash(key: str) -> str:
    """The SHA-256 (hex) kept for a normalised key (the same as the database's
    ``quizapp_token_hash``)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
