"""Small numbers in published counts: which figures to hide, so that none below 5 can be known.

A *column* is a set of counts that add up to a total: the children living with our carers on
one date, split by their level in one domain, say. Its total is treated as known to every
reader whether it is shown or not: the overview shows the children placed today, and any
reader can add a column up. The rule, for each column:

1. **Fewer than 5.** Every count below 5 (nought included) is hidden and shown as
   "fewer than 5".
2. **Not shown.** If anything was hidden in step 1, the reader could subtract the counts still
   shown from the total and learn what the hidden ones add up to. So more counts are hidden,
   smallest first, shown as "not shown" (each of those is 5 or more, and a reader can tell), until
   what can be worked out tells the reader nothing more than "fewer than 5" about each hidden
   small count: each could still be anything from 0 to 4. With ``h`` the hidden counts'
   sum (the total less the counts shown), ``f`` the number of "fewer than 5" and ``n`` the
   number of "not shown", that holds exactly when

   - ``h >= 5`` (the hidden counts together are not themselves a small number), and
   - with no "not shown": ``h <= 4 * (f - 1)`` (so no hidden count is forced above 0 by the
     others being at most 4), or
   - with some "not shown": ``h - 5 * n >= 4`` (so no hidden small count is forced below 4 by
     the "not shown" being at least 5).

   A lone "fewer than 5" never passes (``h <= 0`` and ``h >= 5`` cannot both hold), so
   there is always a second hidden count; two "fewer than 5" that are both 4 (``h = 8``)
   do not pass either, as the reader would know both are 4.
3. **Withheld.** If every count that may be hidden is hidden and the rule still does not hold,
   the whole column is withheld: every count in it says "not shown", and only its total stays.

Some counts appear in more than one column (children with no needs profile: in the table of
profiles and in every domain's table). They are never hidden in step 2, only in step 1 (pass
their positions as ``fixed``), so each is hidden in every column or in none. Because step 2
leaves every hidden small count free to be anything from 0 to 4 within its own column, reading
several columns together cannot narrow it either.

What this does not defend against: a reader who knows the actual numbers of a column but one,
or reasons from which counts were chosen in step 2 (the smallest); and it says nothing about
counts that were never published (how many children are at level 2 in health *and* level 3 in
education). These are counts for the council's own service manager, not open data.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

SMALLEST_SHOWN = 5
LARGEST_HIDDEN = SMALLEST_SHOWN - 1


class Hidden(StrEnum):
    FEWER_THAN_5 = "fewer_than_5"  # the count is below 5
    NOT_SHOWN = "not_shown"  # hidden so a small count cannot be worked out (5 or more, or withheld)


@dataclass(frozen=True)
class Figure:
    """One published count: the number, or why it is hidden (never both)."""

    count: int | None
    hidden: Hidden | None = None

    @property
    def text(self) -> str:
        if self.hidden is Hidden.FEWER_THAN_5:
            return f"fewer than {SMALLEST_SHOWN}"
        if self.hidden is Hidden.NOT_SHOWN:
            return "not shown"
        return f"{self.count:,}"


def shown(count: int) -> Figure:
    return Figure(count=count)


FEWER = Figure(count=None, hidden=Hidden.FEWER_THAN_5)
NOT_SHOWN = Figure(count=None, hidden=Hidden.NOT_SHOWN)


@dataclass(frozen=True)
class Column:
    figures: tuple[Figure, ...]
    total: Figure
    withheld: bool = False


def is_safe(hidden_sum: int, fewer: int, not_shown: int) -> bool:
    """Whether a column with these hidden counts reveals nothing below 5 (see the module's rule)."""
    if fewer == 0:
        return not_shown == 0
    if hidden_sum < SMALLEST_SHOWN:
        return False
    if not_shown == 0:
        return hidden_sum <= LARGEST_HIDDEN * (fewer - 1)
    return hidden_sum - SMALLEST_SHOWN * not_shown >= LARGEST_HIDDEN


def total_figure(total: int) -> Figure:
    return shown(total) if total >= SMALLEST_SHOWN else FEWER


def suppress(counts: Sequence[int], *, fixed: Collection[int] = ()) -> Column:
    """The column's figures under the rule above; ``fixed`` are positions never hidden in step 2."""
    if any(count < 0 for count in counts):
        raise ValueError("counts are never negative")
    total = sum(counts)
    fewer = {i for i, count in enumerate(counts) if count < SMALLEST_SHOWN}
    not_shown: set[int] = set()
    # Smallest first; between equal counts, the one further down the column first (the higher
    # levels of need, usually the smaller groups, stay together).
    candidates = sorted(
        (i for i in range(len(counts)) if i not in fewer and i not in fixed),
        key=lambda i: (counts[i], -i),
    )

    def hidden_sum() -> int:
        return sum(counts[i] for i in fewer | not_shown)

    while not is_safe(hidden_sum(), len(fewer), len(not_shown)):
        if not candidates:
            return Column(figures=tuple(NOT_SHOWN for _ in counts), total=total_figure(total), withheld=True)
        not_shown.add(candidates.pop(0))
    figures = tuple(
        FEWER if i in fewer else NOT_SHOWN if i in not_shown else shown(count)
        for i, count in enumerate(counts)
    )
    return Column(figures=figures, total=total_figure(total))
