"""The needs-profile form built from a framework, and the framework file upload's checks."""

from __future__ import annotations

from datetime import date

import pytest

from carer_portal.children.needs.forms import (
    DATE_IN_FUTURE,
    DATE_MISSING,
    DATE_NOT_REAL,
    DATE_SHAPE,
    FILE_CONTROL_CHARACTERS,
    FILE_EMPTY,
    FILE_MISSING,
    FILE_NOT_TEXT,
    FILE_TOO_BIG,
    FILE_TYPE,
    MAX_FILE_BYTES,
    FrameworkFileForm,
    FrameworkText,
    UploadedFile,
    assessment_date,
    level_field,
    note_field,
    profile_form,
    submission_key,
)
from carer_portal.children.needs.framework import default_framework, parse
from carer_portal.forms import validate
from carer_portal.timekeeping import uk_today
from tests.support.form_cases import PROFILE

FORM = profile_form(default_framework(), version=1)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("27/3/2024", date(2024, 3, 27)),
        ("27/03/2024", date(2024, 3, 27)),
        (" 27 3 2024 ", date(2024, 3, 27)),
        ("27-3-2024", date(2024, 3, 27)),
        ("27.3.2024", date(2024, 3, 27)),
        ("2024-03-27", date(2024, 3, 27)),
        ("27 March 2024", date(2024, 3, 27)),
        ("27th Mar 2024", date(2024, 3, 27)),
        ("29/2/2024", date(2024, 2, 29)),
    ],
)
def test_the_date_can_be_typed_the_ways_people_write_dates(typed: str, expected: date) -> None:
    assert assessment_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", DATE_MISSING),
        ("   ", DATE_MISSING),
        ("yesterday", DATE_SHAPE),
        ("27/3/24", DATE_SHAPE),
        ("27/3", DATE_SHAPE),
        ("٢٧/٣/٢٠٢٤", DATE_SHAPE),  # digits, but not ones we read
        ("31/2/2024", DATE_NOT_REAL),
        ("29/2/2023", DATE_NOT_REAL),
        ("0/1/2024", DATE_NOT_REAL),
        ("1/13/2024", DATE_NOT_REAL),
        ("32 January 2024", DATE_NOT_REAL),
        ("1/1/1066", DATE_NOT_REAL),
        ("1/1/3000", DATE_IN_FUTURE),
    ],
)
def test_an_impossible_or_future_date_is_refused_with_its_own_message(typed: str, message: str) -> None:
    form, state = validate(FORM, {**PROFILE, "assessed_on": typed})
    assert form is None and state.errors == {"assessed_on": message}


def test_today_is_allowed_and_tomorrow_is_not() -> None:
    today = date(2026, 3, 27)
    assert assessment_date("27/3/2026", today=today) == today
    with pytest.raises(ValueError, match=DATE_IN_FUTURE):
        assessment_date("28/3/2026", today=today)
    assert assessment_date(f"{uk_today():%d/%m/%Y}") == uk_today()


def test_a_valid_form_gives_typed_levels_notes_and_answers() -> None:
    form, state = validate(
        FORM, {**PROFILE, "level_health": "0", "note_health": " Asthma, well managed \r\n", "food": "Halal"}
    )
    assert form is not None, state.errors
    assert form.assessed_on == date(2024, 11, 1)
    assert form.levels() == {d.key: 0 if d.key == "health" else 1 for d in default_framework().domains}
    assert form.notes()["health"] == "Asthma, well managed"
    assert form.answers()["food"] == "Halal" and form.answers()["strengths"] == PROFILE["strengths"]


def test_each_domain_has_a_level_and_a_note_named_from_its_key() -> None:
    for domain in default_framework().domains:
        assert level_field(domain.key) in FORM.model_fields and note_field(domain.key) in FORM.model_fields
    assert "level_emotional_behaviour" in FORM.model_fields  # "emotional-behaviour": - becomes _


def test_strengths_come_first_and_every_field_is_in_the_order_of_the_page() -> None:
    names = list(FORM.model_fields)
    assert names[:3] == ["assessed_on", "strengths", "enjoys"]
    assert names.index("what_helps") < names.index("level_health") < names.index("note_health")
    assert names.index("note_self_care") < names.index("routines")
    assert names[-1] == "family_time"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Select a level for Health"),
        ("5", "Select one of the levels listed for Health"),  # 0 to 4
        ("-1", "Select one of the levels listed for Health"),
        ("1.5", "Select one of the levels listed for Health"),
        ("two", "Select one of the levels listed for Health"),
        ("²", "Select one of the levels listed for Health"),
        ("9" * 500, "Select one of the levels listed for Health"),
    ],
)
def test_a_level_missing_out_of_range_or_not_a_number_is_refused(value: str, message: str) -> None:
    form, state = validate(FORM, {**PROFILE, "level_health": value})
    assert form is None and state.errors == {"level_health": message}


def test_required_answers_and_length_limits() -> None:
    _, state = validate(FORM, {**PROFILE, "strengths": " ", "what_helps": ""})
    assert state.errors == {
        "strengths": "Enter their strengths: what they are good at and proud of",
        "what_helps": "Enter what helps them",
    }
    _, state = validate(FORM, {**PROFILE, "sleep": "z" * 2001, "note_identity": "n" * 501})
    assert state.errors == {
        "note_identity": "The note about Identity must be 500 characters or fewer",
        "sleep": "Sleep must be 2,000 characters or fewer",
    }
    form, _ = validate(FORM, {**PROFILE, "sleep": "z" * 2000, "note_identity": "n" * 500})
    assert form is not None


def test_answers_keep_their_line_breaks_but_no_other_control_character() -> None:
    form, _ = validate(FORM, {**PROFILE, "strengths": "Kind\nFunny\tand brave"})
    assert form is not None and form.strengths == "Kind\nFunny\tand brave"
    _, state = validate(FORM, {**PROFILE, "assessed_on": "1/1/2024\n"})
    assert "assessed_on" in state.errors


def test_one_form_model_per_framework_version_and_contents() -> None:
    framework = default_framework()
    assert profile_form(framework, version=1) is FORM
    assert profile_form(framework, version=2) is not FORM
    assert profile_form(framework, version=2).framework_version == 2
    other = parse({**_definition(), "name": "Another council's"})
    assert profile_form(other, version=1) is not FORM  # the same key and version, other words
    assert FORM.framework is framework and FORM.framework_key == "developmental-needs"


def _definition() -> dict:
    from carer_portal.children.needs.framework import as_definition

    return as_definition(default_framework())


def test_a_framework_with_other_domains_makes_a_form_with_those_domains() -> None:
    small = parse(
        {
            "key": "settling-in",
            "name": "Settling in",
            "domains": [
                {
                    "key": "sleep-at-night",
                    "title": "Sleep",
                    "levels": [
                        {"label": "Fine", "descriptor": "Sleeps."},
                        {"label": "Not", "descriptor": "Wakes."},
                    ],
                }
            ],
        }
    )
    model = profile_form(small, version=3)
    assert [n for n in model.model_fields if n.startswith(("level_", "note_"))] == [
        "level_sleep_at_night",
        "note_sleep_at_night",
    ]
    _, state = validate(model, {**PROFILE, "level_sleep_at_night": "2"})
    assert state.errors == {"level_sleep_at_night": "Select one of the levels listed for Sleep"}


def test_the_one_off_key_is_kept_only_if_it_could_be_one() -> None:
    key = "0123456789abcdef0123456789abcdef"
    assert submission_key(key) == key
    for bad in ("", None, "x" * 32, key.upper(), key + "0", ["a"]):
        made = submission_key(bad)
        assert made != bad and len(made) == 32


# --- the framework file -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, FILE_MISSING),
        ("key: a", FILE_MISSING),  # text where a file should be: not a file
        (UploadedFile("", b""), FILE_MISSING),  # the browser's "no file chosen"
        (UploadedFile("empty.yaml", b""), FILE_EMPTY),
        (UploadedFile("big.yaml", b"#" * (MAX_FILE_BYTES + 1)), FILE_TOO_BIG),
        (UploadedFile("framework.docx", b"key: a"), FILE_TYPE),
        (UploadedFile("framework", b"key: a"), FILE_TYPE),
        (UploadedFile("framework.yaml", b"\xff\xfekey"), FILE_NOT_TEXT),
        (UploadedFile("framework.yaml", b"key: a\x00"), FILE_CONTROL_CHARACTERS),
    ],
)
def test_a_file_that_cannot_be_a_framework_file_is_refused(upload: object, message: str) -> None:
    form, state = validate(FrameworkFileForm, {} if upload is None else {"framework_file": upload})
    assert form is None and state.errors == {"framework_file": message}


@pytest.mark.parametrize(
    "name", ["framework.yaml", "framework.YML", "framework.json", "C:\\Users\\ewa\\f.yaml"]
)
def test_yaml_and_json_files_up_to_the_limit_are_read_as_text(name: str) -> None:
    content = "\ufeffkey: a\r\nname: Ä\n".encode() + b"#" * (MAX_FILE_BYTES - 20)
    form, state = validate(FrameworkFileForm, {"framework_file": UploadedFile(name, content)})
    assert form is not None, state.errors
    assert isinstance(form.framework_file, FrameworkText)
    assert form.framework_file.text.startswith("key: a\r\nname: Ä")
