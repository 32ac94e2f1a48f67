"""Visit integrity: pure checks over plain data (no Flask, no database).

`geo` measures check-ins, `phash` fingerprints photos for near-duplicates, `checks` turns
plain facts about a submitted audit into `Finding`s; `audit.services.integrity` gathers the
facts, stores the findings as flags and words them in the reader's language.
"""

from audit.integrity.checks import (
    CheckinFact,
    Finding,
    PhotoFact,
    Thresholds,
    check_checkins,
    check_photo_times,
    check_score_outlier,
    check_visit_duration,
)
from audit.integrity.geo import haversine_m
from audit.integrity.phash import (
    BANDS,
    bands,
    from_signed,
    hamming,
    perceptual_hash,
    probe_values,
    to_signed,
)

__all__ = [
    "BANDS",
    "CheckinFact",
    "Finding",
    "PhotoFact",
    "Thresholds",
    "bands",
    "check_checkins",
    "check_photo_times",
    "check_score_outlier",
    "check_visit_duration",
    "from_signed",
    "hamming",
    "haversine_m",
    "perceptual_hash",
    "probe_values",
    "to_signed",
]
