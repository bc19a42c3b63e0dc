"""Reading a case-management system's CSV export: the bytes, the header, one row at a time.

Every problem is a ``Problem`` with its line and column, worded for the person who will fix
the file ("Line 14, column date_of_birth: 31/02/2015 is not a real date...").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from carer_portal.forms import has_control_characters

BOM = b"\xef\xbb\xbf"
DATE_FORMATS = "Use YYYY-MM-DD or DD/MM/YYYY."
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# Stop listing after this many: a file with a wrong header can have a problem on every line.
MAX_PROBLEMS = 1000


class Kind(StrEnum):
    CHILDREN = "children"
    PLACEMENTS = "placements"
    PROFILES = "profiles"

    @property
    def label(self) -> str:
        return {
            Kind.CHILDREN: "Children",
            Kind.PLACEMENTS: "Placements",
            Kind.PROFILES: "Needs profiles",
        }[self]


@dataclass(frozen=True)
class Problem:
    line: int  # 0: the file as a whole
    column: str  # "": the line as a whole
    message: str

    def __str__(self) -> str:
        if not self.line:
            return self.message
        if not self.column:
            return f"Line {self.line}: {self.message}"
        return f"Line {self.line}, column {self.column}: {self.message}"


class FileProblems(ValueError):
    """A file that cannot be read at all (encoding, header): nothing else is checked."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    line: int  # where the row starts in the file, counting the header as line 1
    values: dict[str, str]


def decode(data: bytes) -> str:
    """The file's text: UTF-8, with or without a byte order mark; anything else is refused."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    if not data.strip():
        raise FileProblems(
            [Problem(0, "", "The file is empty. Choose the CSV file exported from the case system.")]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileProblems(
            [
                Problem(
                    line,
                    "",
                    "the file is not in UTF-8, so some letters cannot be read (often a file saved as "
                    "'CSV' rather than 'CSV UTF-8'). Save it as CSV UTF-8 and upload it again.",
                )
            ]
        ) from None


def read_rows(
    text: str, *, required: Iterable[str], optional: Iterable[str] = (), domains: Iterable[str] = ()
) -> list[Row]:
    """The rows of a CSV file whose header names exactly these columns (in any order).

    Column names are matched without surrounding spaces and without regard to case. A blank
    line is skipped; a row with more or fewer values than the header has is a problem."""
    required, optional = list(required), list(optional)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise FileProblems([Problem(0, "", "The file is empty.")]) from None
    except csv.Error as error:
        raise FileProblems([Problem(1, "", f"the header cannot be read as CSV ({error}).")]) from None
    problems = header_problems(header, required=required, optional=optional, domains=list(domains))
    if problems:
        raise FileProblems(problems)
    rows: list[Row] = []
    line = reader.line_num + 1
    try:
        for values in reader:
            start, line = line, reader.line_num + 1
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                problems.append(
                    Problem(
                        start,
                        "",
                        f"this line has {len(values)} values but the header names {len(header)} columns. "
                        "Check for a missing or extra comma.",
                    )
                )
                continue
            rows.append(Row(start, {name: value.strip() for name, value in zip(header, values, strict=True)}))
    except csv.Error as error:
        problems.append(Problem(line, "", f"this line cannot be read as CSV ({error})."))
    if problems:
        raise FileProblems(problems)
    return rows


def header_problems(
    header: list[str], *, required: list[str], optional: list[str], domains: list[str]
) -> list[Problem]:
    """``domains``: for a needs profile file, the framework's domain keys (level_<key>, note_<key>)."""
    problems = []
    missing = [name for name in required if name not in header]
    if missing:
        problems.append(Problem(1, "", f"the header is missing {_columns(missing)}. Add {_them(missing)}."))
    known = set(required) | set(optional)
    unknown = [name or "(blank)" for name in header if name not in known]
    if domains:
        rated = [name for name in unknown if name.startswith(("level_", "note_"))]
        unknown = [name for name in unknown if name not in rated]
        if rated:
            problems.append(
                Problem(
                    1,
                    "",
                    f"{_columns(rated)} {'names a domain' if len(rated) == 1 else 'name domains'} the "
                    f"needs framework does not have. Its domains are: {', '.join(domains)}.",
                )
            )
    if unknown:
        problems.append(
            Problem(
                1,
                "",
                f"the header has {_columns(unknown)} we do not know. Remove or rename {_them(unknown)}.",
            )
        )
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        problems.append(Problem(1, "", f"the header names {_columns(repeated)} more than once."))
    return problems


def _columns(names: list[str]) -> str:
    listed = ", ".join(names)
    return f"the column {listed}" if len(names) == 1 else f"the columns {listed}"


def _them(names: list[str]) -> str:
    return "it" if len(names) == 1 else "them"


def parse_date(value: str) -> date | None:
    """A date written as YYYY-MM-DD or DD/MM/YYYY; None if it is not a real date."""
    if match := ISO_DATE.match(value):
        year, month, day = (int(part) for part in match.groups())
    elif match := UK_DATE.match(value):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


class Checker:
    """Collects the problems of a file's rows, with helpers for the checks every kind makes."""

    def __init__(self, *, today: date, multiline: frozenset[str] = frozenset()) -> None:
        self.today = today
        self.multiline = multiline
        self.problems: list[Problem] = []

    def add(self, row: Row, column: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row.line, column, message))

    def text(self, row: Row, column: str, *, required: bool = False, max_length: int | None = 100) -> str:
        value = row.values.get(column, "")
        if not value:
            if required:
                self.add(row, column, "is empty. Every row needs a value here.")
            return ""
        if has_control_characters(value, multiline=column in self.multiline):
            self.add(row, column, "contains a character we cannot accept (a control character).")
            return ""
        if max_length is not None and len(value) > max_length:
            self.add(row, column, f"is too long: keep it to {max_length} characters.")
            return ""
        return value

    def date(self, row: Row, column: str, *, required: bool = True, not_in_future: str = "") -> date | None:
        """A date; ``not_in_future`` names what it is ("A date of birth") if it may not be after today."""
        value = self.text(row, column, required=required, max_length=None)
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.add(row, column, f"{value} is not a real date. {DATE_FORMATS}")
            return None
        if not_in_future and parsed > self.today:
            self.add(row, column, f"{value} is in the future. {not_in_future} cannot be after today.")
            return None
        return parsed

    def once(self, row: Row, column: str, value: str, seen: dict[str, int]) -> bool:
        """Whether this id is the first of its kind in the file (a repeat is a problem)."""
        if value in seen:
            self.add(row, column, f"{value} is also on line {seen[value]}. Each id can appear only once.")
            return False
        seen[value] = row.line
        return True
