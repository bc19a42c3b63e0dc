"""Small numbers stay hidden: no number shown, nor any sum or difference of them, gives one away."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carer_portal.overview.suppression import FEWER, NOT_SHOWN, Hidden, is_safe, shown, suppress
from tests.unit.needs_figures.reader import possible_sums, problems


def texts(counts: list[int], **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
    return [figure.text for figure in suppress(counts, **kwargs).figures]


def test_a_column_with_no_small_number_is_shown_as_it_is() -> None:
    column = suppress([120, 45, 1_300])
    assert [f.count for f in column.figures] == [120, 45, 1_300]
    assert column.total == shown(1_465) and not column.withheld
    assert texts([120, 45, 1_300]) == ["120", "45", "1,300"]


def test_a_lone_small_number_takes_the_smallest_other_with_it() -> None:
    # 3 alone could be worked out as the total less the others: 40 is hidden too.
    assert texts([3, 40, 200, 90]) == ["fewer than 5", "not shown", "200", "90"]


def test_two_small_numbers_that_are_both_4_are_not_left_to_be_worked_out() -> None:
    # 4 + 4 = 8 = total less 50: the reader would know both are 4.
    assert texts([4, 4, 50, 60]) == ["fewer than 5", "fewer than 5", "not shown", "60"]
    # 1 + 4 + 4 = 9, out of three that are at most 4 each: none of them can be 0.
    assert texts([1, 4, 4, 50]) == ["fewer than 5"] * 3 + ["not shown"]
    # 1 + 2 + 3 = 6: each could still be anything from 0 to 4, so they cover each other.
    assert texts([1, 2, 3, 50]) == ["fewer than 5"] * 3 + ["50"]


def test_nought_is_a_small_number_too() -> None:
    assert texts([0, 30, 31]) == ["fewer than 5", "not shown", "31"]


def test_a_hidden_5_does_not_hide_enough() -> None:
    # 0 + 5: the reader knows the hidden pair is 5, and a "not shown" is at least 5: so 0 and 5.
    assert texts([0, 5, 9, 100]) == ["fewer than 5", "not shown", "not shown", "100"]


def test_a_fixed_count_is_never_hidden_to_cover_another() -> None:
    # The last count (children with no profile) appears in other columns: it stays shown.
    assert texts([2, 30, 7], fixed={2}) == ["fewer than 5", "not shown", "7"]
    assert texts([2, 7, 30], fixed={1}) == ["fewer than 5", "7", "not shown"]


def test_a_column_that_cannot_be_made_safe_is_withheld_whole() -> None:
    column = suppress([4, 4])
    assert column.withheld and column.figures == (NOT_SHOWN, NOT_SHOWN) and column.total == shown(8)
    small = suppress([1, 2, 0])
    assert small.withheld and small.total == FEWER


def test_the_rule_in_words() -> None:
    assert is_safe(0, 0, 0)
    assert not is_safe(4, 1, 0)  # one small number, worked out by subtraction
    assert not is_safe(4, 2, 0)  # two small numbers adding to 4: a small number
    assert is_safe(5, 3, 0) and not is_safe(8, 2, 0) and is_safe(7, 3, 0)
    assert is_safe(3 + 6, 1, 1) and not is_safe(2 + 6, 1, 1)


# --- the property: generated columns, and everything a reader could work out from them ------

SMALL = st.integers(0, 6)
ANY = st.one_of(st.integers(0, 12), st.integers(0, 60))
COLUMNS = st.lists(st.one_of(SMALL, ANY), min_size=2, max_size=7)


@settings(max_examples=400, deadline=None)
@given(counts=COLUMNS, data=st.data())
def test_no_number_shown_nor_any_difference_of_them_reveals_a_small_number(counts, data) -> None:  # type: ignore[no-untyped-def]
    fixed = data.draw(st.sets(st.sampled_from(range(len(counts))), max_size=2))
    column = suppress(counts, fixed=fixed)
    assert problems(column, counts) == []
    # Fixed counts are never hidden to cover others: each is shown, or hidden as a small number.
    for i in fixed:
        assert column.withheld or column.figures[i].hidden in (None, Hidden.FEWER_THAN_5)


def test_the_reader_catches_an_unsafe_column() -> None:
    """The checker above is only worth something if it catches a leak: hide one number alone."""
    from carer_portal.overview.suppression import Column

    leaky = Column(figures=(FEWER, shown(40), shown(200)), total=shown(243))
    assert "(0,) adds up to 3, and the reader can tell" in problems(leaky, [3, 40, 200])
    both_fours = Column(figures=(FEWER, FEWER, shown(50)), total=shown(58))
    found = problems(both_fours, [4, 4, 50])
    assert "(0,) adds up to 4, and the reader can tell" in found
    assert possible_sums(both_fours, 58)[(0, 1)] == {8}


@pytest.mark.parametrize("counts", [[0, 0, 0], [4, 0], [0, 5]])
def test_tiny_columns(counts: list[int]) -> None:
    assert problems(suppress(counts), counts) == []
