"""What a reader can work out from a published column, found by counting, not by the formula.

The reader knows the column's total, every number shown, that each "fewer than 5" is 0 to 4
and that each "not shown" is 5 or more (any number at all, in a withheld column). Whatever
they do with those (subtract shown numbers from the total, add hidden ones up, reason from the
bounds), what they can learn about a set of hidden counts is exactly the set of sums those
counts can have in some column that would be published the same way. This finds that set for
every set of hidden counts, by dynamic programming over the sums each hidden count can add.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from itertools import combinations

from carer_portal.overview.suppression import Column, Hidden


def _sums(ranges: Sequence[range], cap: int) -> set[int]:
    """Every total that one value from each range can make, up to ``cap``."""
    return reduce(
        lambda reach, values: {s + v for s in reach for v in values if s + v <= cap},
        ranges,
        {0},
    )


def possible_sums(column: Column, total: int) -> dict[tuple[int, ...], set[int]]:
    """For each set of hidden positions: every value its sum could take, to the reader."""
    hidden: dict[int, range] = {}
    shown_sum = 0
    for i, figure in enumerate(column.figures):
        if figure.hidden is Hidden.FEWER_THAN_5:
            hidden[i] = range(0, 5)
        elif figure.hidden is Hidden.NOT_SHOWN:
            hidden[i] = range(0, total + 1) if column.withheld else range(5, total + 1)
        else:
            assert figure.count is not None
            shown_sum += figure.count
    remaining = total - shown_sum
    found = {}
    positions = sorted(hidden)
    for size in range(1, len(positions) + 1):
        for group in combinations(positions, size):
            rest = [hidden[i] for i in positions if i not in group]
            rest_sums = _sums(rest, remaining)
            found[group] = {
                s for s in _sums([hidden[i] for i in group], remaining) if remaining - s in rest_sums
            }
    return found


def problems(column: Column, counts: Sequence[int]) -> list[str]:
    """Everything the reader could learn that they should not, for the column of ``counts``."""
    total = sum(counts)
    found = []
    if column.total.count not in (None, total):
        found.append(f"the total shown is {column.total.count}, not {total}")
    for i, (figure, count) in enumerate(zip(column.figures, counts, strict=True)):
        if figure.hidden is None and figure.count != count:
            found.append(f"position {i} shows {figure.count}, not {count}")
        if figure.hidden is None and count < 5:
            found.append(f"position {i} shows {count}, below 5")
        if figure.hidden is Hidden.FEWER_THAN_5 and count >= 5:
            found.append(f"position {i} says fewer than 5 but is {count}")
    if total < 5:
        # Then the page shows "fewer than 5" for the total too, and the whole column is withheld.
        if not column.withheld:
            found.append(f"a column of {total} children is not withheld")
        return found
    for group, values in possible_sums(column, total).items():
        actual = sum(counts[i] for i in group)
        if actual not in values:
            found.append(f"{group}: the actual sum {actual} is not among {sorted(values)}")
        if len(values) == 1 and actual < 5:
            found.append(f"{group} adds up to {actual}, and the reader can tell")
        small = len(group) == 1 and column.figures[group[0]].hidden is Hidden.FEWER_THAN_5
        if small and values != set(range(5)):
            found.append(f"the reader narrows position {group[0]} to {sorted(values)}")
    return found
