"""How figures are rounded for people: half up, as a teacher rounds (5/8 is 63 %, 1/8 is
13 %; Python's ``round`` and ``format`` round half to even and show 62 %, 12 %), and never
a negative zero (``-0 %``)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def half_up(value: float, digits: int = 0) -> float:
    """``value`` rounded to ``digits`` decimals, halves away from zero; ``-0.0`` is ``0.0``.

    The float's shortest decimal form is rounded (``0.145`` -> ``0.15``), not its binary
    value (0.14499999…)."""
    exact = Decimal(repr(float(value)))
    rounded = float(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
    return rounded + 0.0 if rounded else 0.0


def percent(value: float, digits: int = 0) -> str:
    """A percentage (0-100) as its digits, rounded half up: ``62.5`` -> ``"63"``."""
    return f"{half_up(value, digits):.{digits}f}"


__all__ = ["half_up", "percent"]
