"""The one rule for small numbers in anonymous aggregates."""

from accreditation.dashboard.small_numbers import shown, suppress_row, threshold_or_floor


def test_a_count_below_the_threshold_is_hidden_and_zero_is_not():
    assert shown(4, 5) is None
    assert shown(5, 5) == 5
    assert shown(0, 5) == 0


def test_a_programme_cannot_set_the_threshold_below_five():
    assert threshold_or_floor(3) == 5
    assert threshold_or_floor(None, default=10) == 10
    assert threshold_or_floor(12) == 12


def test_a_lone_hidden_cell_takes_the_next_smallest_with_it():
    row = suppress_row({"a": 3, "b": 7, "c": 20}, 5)
    assert row == {"a": None, "b": None, "c": 20}


def test_two_hidden_cells_need_no_more():
    assert suppress_row({"a": 3, "b": 2, "c": 20}, 5) == {"a": None, "b": None, "c": 20}
