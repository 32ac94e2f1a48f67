"""Output rounding of scores (docs/scoring.md, "Rounding and grades")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_TENTH = Decimal("0.1")


def round_score(x: float | None) -> float | None:
    """Round to one decimal, half up, after adding 1e-9 (61.25 -> 61.3); None stays None.

    The 1e-9 makes a value that is exactly a half in exact arithmetic, but lands slightly
    below it in binary floating point, still round up. The addition is done in binary
    floating point, then the exact value of that float is rounded half up in decimal.
    """
    if x is None:
        return None
    return float(Decimal(x + 1e-9).quantize(_TENTH, rounding=ROUND_HALF_UP))
