"""The story form's messages follow GOV.UK patterns and keep what was typed."""

from __future__ import annotations

import pytest

from carer_portal.forms import validate
from carer_portal.recruitment.stories.forms import ConsentForm, StoryForm, as_lists

VALID = {
    "carer_name": " Sam ",
    "household": "Single carer",
    "area": "Northfield",
    "quote": "“Worth it.”",
    "body": "Para one.\r\n\r\nPara two.\r\n",
    "themes": ["teenagers", "siblings"],
    "household_tags": ["single"],
}


def test_a_valid_story_is_tidied() -> None:
    form, state = validate(StoryForm, VALID)
    assert form is not None and state.errors == {}
    assert form.carer_name == "Sam"
    assert form.quote == "Worth it."  # the page adds its own quote marks
    assert form.body == "Para one.\n\nPara two."
    assert form.themes == ["teenagers", "siblings"]


def test_empty_form_says_what_to_enter() -> None:
    form, state = validate(StoryForm, {})
    assert form is None
    assert state.errors == {
        "carer_name": "Enter the carer's name",
        "household": "Enter who lives in the carer's household",
        "area": "Enter the area the carer lives in",
        "quote": "Enter a short quote from the carer",
        "body": "Enter the carer's story",
    }
    assert state.error_summary[0] == {"text": "Enter the carer's name", "href": "#carer_name"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"carer_name": "x" * 121}, "carer_name", "The carer's name must be 120 characters or fewer"),
        ({"household": "x" * 121}, "household", "The household must be 120 characters or fewer"),
        ({"area": "x" * 121}, "area", "The area must be 120 characters or fewer"),
        ({"quote": "x" * 301}, "quote", "The quote must be 300 characters or fewer"),
        ({"body": "x" * 20_001}, "body", "The story must be 20,000 characters or fewer"),
        ({"themes": ["teenagers", "made-up"]}, "themes", "Choose themes from the list"),
        ({"household_tags": ["pets"]}, "household_tags", "Choose household tags from the list"),
        ({"photo_path": "/static/sam.jpg"}, "photo_alt", "Describe the photo for people who cannot see it"),
        (
            {"photo_path": "https://elsewhere.example/a.jpg", "photo_alt": "A"},
            "photo_path",
            "Enter the photo's address on this site, starting with /, like /static/stories/sam.jpg",
        ),
        (
            {"photo_path": "//elsewhere.example/a.jpg", "photo_alt": "A"},
            "photo_path",
            "Enter the photo's address on this site, starting with /, like /static/stories/sam.jpg",
        ),
        (
            {"photo_path": "javascript:alert(1)", "photo_alt": "A"},
            "photo_path",
            "Enter the photo's address on this site, starting with /, like /static/stories/sam.jpg",
        ),
    ],
)
def test_problems_are_named_beside_their_field(changes: dict, field: str, message: str) -> None:
    form, state = validate(StoryForm, {**VALID, **changes})
    assert form is None
    assert state.errors == {field: message}
    assert state.values.get(field, "") == changes.get(field, VALID.get(field, ""))


def test_a_photo_with_a_description_is_fine_and_no_photo_needs_none() -> None:
    form, _ = validate(
        StoryForm, {**VALID, "photo_path": "/static/stories/sam.jpg", "photo_alt": "Sam in the park"}
    )
    assert form is not None and form.photo_alt == "Sam in the park"
    form, _ = validate(StoryForm, {**VALID, "photo_path": "", "photo_alt": ""})
    assert form is not None


def test_consent_needs_to_say_how_it_was_given() -> None:
    assert validate(ConsentForm, {"consent_note": "  "})[1].errors == {
        "consent_note": "Enter how the carer gave their consent"
    }
    form, _ = validate(ConsentForm, {"consent_note": " Signed form "})
    assert form is not None and form.consent_note == "Signed form"


def test_checkboxes_arrive_as_lists_whatever_was_ticked() -> None:
    assert as_lists({"themes": "teenagers"}, "themes", "household_tags") == {
        "themes": ["teenagers"],
        "household_tags": [],
    }
    assert as_lists({"themes": ["a", "b"]}, "themes") == {"themes": ["a", "b"]}
