"""UK phone numbers: however a person types one, it is kept once, shown grouped, dialled as +44."""

from __future__ import annotations

import pytest

from carer_portal.phones import display_phone, normalise_phone, phone_link

# (national digits, how people write them)
NUMBERS = {
    "07700900982": [
        "07700 900982",
        "07700 900 982",
        "+44 7700 900982",
        "0044 (0)7700 900982",
        "07700-900-982",
    ],
    "02079460000": ["020 7946 0000", "(020) 7946 0000", "+44 20 7946 0000"],
    "03001234567": ["0300 123 4567", "+443001234567"],
}


@pytest.mark.parametrize(("digits", "typed"), [(d, t) for d, ways in NUMBERS.items() for t in ways])
def test_every_way_of_writing_a_number_is_the_same_number(digits: str, typed: str) -> None:
    assert normalise_phone(typed) == digits
    assert phone_link(digits) == "tel:+44" + digits[1:]
    assert display_phone(digits).replace(" ", "") == digits


@pytest.mark.parametrize("typed", ["12345", "07700 90098", "+33 1 23 45 67 89", "phone me", "0770090098212"])
def test_what_is_not_a_uk_number_is_refused_with_an_example(typed: str) -> None:
    with pytest.raises(ValueError, match="like 07700 900 982"):
        normalise_phone(typed)
