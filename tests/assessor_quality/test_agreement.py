"""The agreement statistics against values computed by hand, and against Krippendorff's published example."""

from __future__ import annotations

import pytest

from accreditation.assessor_quality.agreement import consensus, distance_from, krippendorff_alpha, weighted_kappa

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers, 12 units, missing values.
# Published: nominal 0.743, ordinal 0.815, interval 0.849.
PUBLISHED = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def units(*judges):
    return list(zip(*judges, strict=True))


def test_perfect_agreement_is_one():
    assert weighted_kappa([0, 1, 2, 3], [0, 1, 2, 3]) == 1
    assert krippendorff_alpha(units([0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3])) == 1


def test_chance_agreement():
    # Each judge says 0 twice and 1 twice, independently of the other: observed = expected, kappa 0.
    assert weighted_kappa([0, 0, 1, 1], [0, 1, 0, 1]) == 0
    # Alpha by hand: coincidences o00 = o11 = 2, o01 = o10 = 2; n0 = n1 = 4, n = 8; ordinal delta01^2 =
    # (8 - 8/2)^2 = 16; alpha = 1 - (n - 1) * (2 * 2 * 16) / (2 * 4 * 4 * 16) = 1 - 7/8 = 0.125 (alpha corrects
    # the expected disagreement for the small sample, so chance alone is slightly above 0 here).
    assert krippendorff_alpha(units([0, 0, 1, 1], [0, 1, 0, 1])) == pytest.approx(0.125)


def test_weighted_kappa_by_hand():
    # Quadratic weights over levels 0..2: observed disagreement (0 + 1/4 + 0)/3 = 1/12; expected
    # (2*1 + 1*1/4 + 2*1/4 + 1*1)/9 = 3.75/9; kappa = 1 - (1/12)/(3.75/9) = 0.8.
    assert weighted_kappa([0, 1, 2], [0, 2, 2]) == pytest.approx(0.8)
    # Linear weights: observed (1/2)/3; expected (2*1 + 1/2 + 2*1/2 + 1)/9 = 4.5/9; kappa = 1 - (1/6)/(1/2) = 2/3.
    assert weighted_kappa([0, 1, 2], [0, 2, 2], "linear") == pytest.approx(2 / 3)
    # Systematic disagreement is negative.
    assert weighted_kappa([0, 2], [2, 0]) < 0


def test_krippendorffs_published_example():
    data = units(*PUBLISHED)
    assert krippendorff_alpha(data, "nominal") == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha(data, "ordinal") == pytest.approx(0.815, abs=5e-4)
    assert krippendorff_alpha(data, "interval") == pytest.approx(0.849, abs=5e-4)


def test_no_variation_is_undefined_and_unequal_lists_are_refused():
    assert weighted_kappa([2, 2], [2, 2]) is None
    assert krippendorff_alpha(units([1, 1], [1, 1])) is None
    assert krippendorff_alpha([[1], [2, N]]) is None  # no unit judged twice
    with pytest.raises(ValueError):
        weighted_kappa([1, 2], [1])


def test_consensus_and_distance():
    assert consensus([1, 3, 2]) == 2
    assert consensus([1, 2]) == 1  # the lower median of an even count: a level that was given
    assert consensus([]) is None
    assert distance_from({"a": 1, "b": 3}, {"a": 2, "b": 3}) == 0.5
    assert distance_from({"a": 1}, {"b": 2}) is None
