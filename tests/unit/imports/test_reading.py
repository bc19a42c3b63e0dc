"""Reading a CSV export: encodings, the header, dates, and rows of the wrong length."""

from __future__ import annotations

from datetime import date

import pytest

from carer_portal.children.imports.reading import BOM, FileProblems, decode, parse_date, read_rows

COLUMNS = ("case_id", "first_name", "date_of_birth")


def _problems(text: str, **kwargs: object) -> list[str]:
    with pytest.raises(FileProblems) as refused:
        read_rows(text, required=COLUMNS, **kwargs)  # type: ignore[arg-type]
    return [str(p) for p in refused.value.problems]


def test_utf8_with_or_without_a_byte_order_mark_reads_the_same() -> None:
    text = "case_id,first_name,date_of_birth\r\nC1,Zoë,2015-01-01\r\n"
    assert decode(text.encode()) == decode(BOM + text.encode()) == text
    rows = read_rows(decode(BOM + text.encode()), required=COLUMNS)
    assert rows[0].values == {"case_id": "C1", "first_name": "Zoë", "date_of_birth": "2015-01-01"}


def test_latin_1_is_refused_naming_the_first_line_it_cannot_read() -> None:
    text = "case_id,first_name,date_of_birth\nC1,Ann,2015-01-01\nC2,Zoë,2015-01-01\n"
    with pytest.raises(FileProblems) as refused:
        decode(text.encode("latin-1"))
    (problem,) = refused.value.problems
    assert str(problem).startswith("Line 3: the file is not in UTF-8")
    assert "Save it as CSV UTF-8" in str(problem)


@pytest.mark.parametrize("data", [b"", b"  \r\n", BOM])
def test_an_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(FileProblems):
        decode(data)


def test_missing_and_unknown_columns_are_named() -> None:
    assert _problems("case_id,firstname\r\nC1,Ann\r\n") == [
        "Line 1: the header is missing the columns first_name, date_of_birth. Add them.",
        "Line 1: the header has the column firstname we do not know. Remove or rename it.",
    ]


def test_columns_match_in_any_order_whatever_their_case_and_spaces() -> None:
    rows = read_rows(" Date_Of_Birth ,CASE_ID,first_name\r\n2015-01-01, C1 ,Ann\r\n", required=COLUMNS)
    assert rows[0].values == {"date_of_birth": "2015-01-01", "case_id": "C1", "first_name": "Ann"}


def test_unknown_domain_columns_are_named_with_the_frameworks_domains() -> None:
    problems = _problems(
        "case_id,first_name,date_of_birth,level_wellbeing\r\n", domains=["health", "identity"]
    )
    assert problems == [
        "Line 1: the column level_wellbeing names a domain the needs framework does not have. "
        "Its domains are: health, identity."
    ]


def test_a_line_with_too_many_or_too_few_values_is_named_and_blank_lines_skipped() -> None:
    text = "case_id,first_name,date_of_birth\r\nC1,Ann\r\n\r\nC2,Bo,2015-01-01,extra\r\nC3,Cy,2015-01-01\r\n"
    assert _problems(text) == [
        "Line 2: this line has 2 values but the header names 3 columns. Check for a missing or extra comma.",
        "Line 4: this line has 4 values but the header names 3 columns. Check for a missing or extra comma.",
    ]


def test_line_numbers_count_line_breaks_inside_quoted_values() -> None:
    rows = read_rows(
        'case_id,first_name,date_of_birth\r\nC1,"Ann\nMarie",2015-01-01\r\nC2,Bo,x\r\n', required=COLUMNS
    )
    assert [row.line for row in rows] == [2, 4]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-02-28", date(2015, 2, 28)),
        ("28/02/2015", date(2015, 2, 28)),
        ("1/2/2015", date(2015, 2, 1)),
        ("31/02/2015", None),
        ("2015-13-01", None),
        ("2015/02/28", None),
        ("28-02-2015", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_dates_are_iso_or_day_month_year_and_real(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected
