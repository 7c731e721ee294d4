"""Matching's quality on the labelled set (bench/matching/pairs.py), through the real function on the test
database: a regression in the database stage or the scorer fails here, not only in the benchmark.

The set is synthetic and deterministic (Faker, seeded); `python -m bench.matching` reports the same figures.
"""

from __future__ import annotations

import pytest

from bench.matching.measure import load, measure
from bench.matching.pairs import labelled_set
from bench.matching.report import SECTION, report

pytestmark = pytest.mark.django_db


def test_the_labelled_set_is_large_and_balanced() -> None:
    pairs = labelled_set()
    assert len(pairs) >= 200
    assert sum(pair.same for pair in pairs) >= 100
    assert sum(not pair.same for pair in pairs) >= 100
    assert labelled_set() == pairs  # deterministic


def test_precision_and_recall_on_the_labelled_set() -> None:
    pairs = labelled_set()
    figures = measure(pairs, load(pairs))
    detail = f"missed {dict(figures.missed)}, wrongly offered {dict(+figures.wrong)}"
    assert figures.precision >= 0.95, detail
    assert figures.recall >= 0.9, detail
    # The benchmark's section of bench/results.md says the same.
    section = report([(20, pairs, figures)])
    assert section.startswith(SECTION + "\n")
    assert f"| {figures.precision:.3f} ({figures.found} of" in section
    assert "met on seed 20; met on every seed" in section
