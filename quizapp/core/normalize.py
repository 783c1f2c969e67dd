"""Text normalisation for comparing typed answers (``fill`` blanks).

Two answers match when their normal forms are equal. The normal form is:

- Unicode NFKC (full-width ``ＡＢＣ１２３`` becomes ``ABC123``, ``，`` becomes ``,``),
- letters case-folded,
- quotation marks and punctuation dropped (every Unicode ``P*`` category plus a few
  quote-like symbols such as the backtick), so ``“抱拳出击”``, ``"抱拳出击"``,
  ``「抱拳出击」`` and ``抱拳出击`` are all ``抱拳出击``,
- trimmed, with inner runs of whitespace collapsed to one space, and dropped next to a
  wide (CJK) character, since Chinese does not separate words (``抱拳 出击`` is ``抱拳出击``).

Letters, digits and CJK characters are always kept. An answer made only of punctuation
(``。``, ``?!``) keeps its punctuation instead of becoming the empty string, so it can never
match a real answer by accident.

:func:`normalize` is idempotent: ``normalize(normalize(s)) == normalize(s)``.
"""

from __future__ import annotations

import unicodedata

__all__ = ["normalize", "answers_match"]

#: Quote-like characters outside the ``P*`` categories.
_EXTRA_QUOTES = frozenset("`´˝ˮ")


def _is_punct(ch: str) -> bool:
    return ch in _EXTRA_QUOTES or unicodedata.category(ch).startswith("P")


def _fold(text: str) -> str:
    """NFKC + casefold, repeated until stable (casefolding can leave non-NFKC text)."""
    for _ in range(4):
        folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
        if folded == text:
            break
        text = folded
    return text


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _collapse(text: str) -> str:
    words = text.split()
    if not words:
        return ""
    out = [words[0]]
    for word in words[1:]:
        if not (_is_wide(out[-1][-1]) or _is_wide(word[0])):
            out.append(" ")
        out.append(word)
    return "".join(out)


def _strip_punct(text: str) -> str:
    # Dropping a character can let its neighbours compose (e + "." + U+0301), so fold again
    # until nothing changes.
    for _ in range(4):
        stripped = _fold("".join(ch for ch in text if not _is_punct(ch)))
        if stripped == text:
            break
        text = stripped
    return text


def normalize(text: str) -> str:
    """The normal form of ``text`` used to compare typed answers (see the module docstring)."""
    folded = _collapse(_fold(text))
    stripped = _collapse(_strip_punct(folded))
    if stripped or not folded:
        return stripped
    # Only punctuation (and whitespace): compare it as typed, without dropping anything.
    return folded


def answers_match(given: str, accepted: str) -> bool:
    """True if ``given`` matches ``accepted`` once both are normalised.

    An empty (or whitespace-only) ``given`` never matches.
    """
    given_n = normalize(given)
    return bool(given_n) and given_n == normalize(accepted)
