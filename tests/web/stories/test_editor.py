"""The recruitment team's story editor: write, check, record consent, publish, unpublish."""

from __future__ import annotations

from tests.support.csrf import post_form
from tests.support.pages import check_page

EDITOR = "/recruitment/stories"
NEW_STORY = {
    "carer_name": "Priya and Tom",
    "household": "Couple with a teenage daughter",
    "area": "Ashby Marsh",
    "quote": "We had room, and we had time.",
    "body": "We started with **short breaks**.\n\n## What surprised us\n\nHow much we laughed.",
    "themes": ["short-breaks", "first-time-carers"],
    "household_tags": ["couple", "with-children"],
    "photo_path": "",
    "photo_alt": "",
}


def error_summary(soup) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(a.get_text(strip=True), a["href"]) for a in soup.select(".govuk-error-summary a")]


def banner(soup) -> str:  # type: ignore[no-untyped-def]
    return soup.select_one(".govuk-notification-banner--success").get_text(" ", strip=True)


def test_an_officer_writes_a_story_records_consent_and_publishes_it(sign_in_as, page) -> None:
    client = sign_in_as("officer")
    soup = page(f"{EDITOR}/new")
    assert soup.h1.get_text(strip=True) == "Add a story"

    created = post_form(client, EDITOR, NEW_STORY, form_page=f"{EDITOR}/new")
    assert created.status_code == 303
    edit_url = created.headers["location"].split("?")[0]
    assert created.headers["location"].endswith("?done=created")

    soup = page(created.headers["location"])
    assert soup.h1.get_text(strip=True) == "Priya and Tom's story"
    assert "Story saved as a draft" in banner(soup)
    assert "Draft" in soup.select_one(".govuk-summary-list").text
    assert "Not recorded yet" in soup.select_one(".govuk-summary-list").text
    preview = soup.select_one(".app-story-preview")
    assert preview.select_one("blockquote").get_text(strip=True) == "“We had room, and we had time.”"
    assert preview.select_one(".app-prose strong").text == "short breaks"
    assert preview.select_one(".app-prose h2").text == "What surprised us"
    assert soup.select_one("#carer_name")["value"] == "Priya and Tom"
    assert {i["value"] for i in soup.select("input[name=themes][checked]")} == {
        "short-breaks",
        "first-time-carers",
    }
    assert client.get("/stories/priya-and-tom").status_code == 404  # a draft is not public

    listed = page(EDITOR)
    row = next(tr for tr in listed.select("tbody tr") if "Priya and Tom" in tr.text)
    assert "Draft" in row.text and "No" in row.select("td")[2].text

    refused = post_form(client, f"{edit_url}/publish", form_page=edit_url)
    assert refused.status_code == 400
    soup = check_page(refused.text)
    assert soup.title.get_text().startswith("Error: ")
    assert error_summary(soup) == [
        ("Record the carer's consent before you publish their story", "#consent_note")
    ]
    assert (
        "Record the carer's consent before you publish their story"
        in soup.select_one("#consent_note-error").text
    )

    consent = post_form(
        client, f"{edit_url}/consent", {"consent_note": "Signed consent form, on file"}, form_page=edit_url
    )
    assert consent.status_code == 303 and consent.headers["location"] == f"{edit_url}?done=consent"
    soup = page(consent.headers["location"])
    assert "consent has been recorded" in banner(soup)
    summary = soup.select_one(".govuk-summary-list").get_text(" ", strip=True)
    assert "by Officer: Signed consent form, on file" in summary
    assert not soup.select("#consent_note")  # recorded once; nothing more to fill in

    published = post_form(client, f"{edit_url}/publish", form_page=edit_url)
    assert published.status_code == 303 and published.headers["location"] == f"{edit_url}?done=published"
    soup = page(published.headers["location"])
    assert "Story published" in banner(soup)
    assert soup.select_one(".govuk-summary-list a[href='/stories/priya-and-tom']")

    story = page("/stories/priya-and-tom")
    assert story.h1.get_text(strip=True) == "Priya and Tom"
    assert "priya-and-tom" in {
        a["href"].split("/")[-1] for a in page("/stories/themes/short-breaks").select(".app-story-card a")
    }

    unpublished = post_form(client, f"{edit_url}/unpublish", form_page=edit_url)
    assert unpublished.status_code == 303
    assert "no longer on the website" in banner(page(unpublished.headers["location"]))
    assert client.get("/stories/priya-and-tom").status_code == 404


def test_saving_changes(sign_in_as, page, stories) -> None:
    client = sign_in_as("officer")
    edit_url = f"{EDITOR}/{stories['published']}"
    saved = post_form(
        client, edit_url, {**NEW_STORY, "carer_name": "Bea", "quote": "Changed words."}, form_page=edit_url
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"{edit_url}?done=saved"
    soup = page(saved.headers["location"])
    assert "Your changes have been saved." in banner(soup)
    assert soup.select_one("#quote").text.strip() == "Changed words."
    # A published story stays published, with its new words.
    assert "Changed words." in page("/stories/bea").select_one("blockquote").text


def test_the_list_shows_status_and_consent(sign_in_as, page, stories) -> None:
    sign_in_as("officer")
    soup = page(EDITOR)
    rows = {
        tr.select_one("a").get_text(strip=True).split(":")[0]: [
            td.get_text(" ", strip=True) for td in tr.select("td")
        ]
        for tr in soup.select("tbody tr")
    }
    assert set(rows) == {"Ann", "Bea"}  # never Westmere's
    assert rows["Ann"][1:3] == ["Draft", "No"]
    assert rows["Bea"][1:3] == ["Published", "Yes"]
    assert soup.select_one(f"a[href='{EDITOR}/new']")


def test_a_story_with_problems_is_shown_again_with_what_was_typed(sign_in_as, stories) -> None:
    client = sign_in_as("officer")
    typed = {
        **NEW_STORY,
        "carer_name": "",
        "quote": "x" * 301,
        "themes": ["teenagers"],
        "photo_path": "/static/a.jpg",
    }
    for path, form_page in (
        (EDITOR, f"{EDITOR}/new"),
        (f"{EDITOR}/{stories['draft']}", f"{EDITOR}/{stories['draft']}"),
    ):
        response = post_form(client, path, typed, form_page=form_page)
        assert response.status_code == 400, path
        soup = check_page(response.text)
        assert error_summary(soup) == [
            ("Enter the carer's name", "#carer_name"),
            ("The quote must be 300 characters or fewer", "#quote"),
            ("Describe the photo for people who cannot see it", "#photo_alt"),
        ]
        assert soup.select_one("#carer_name-error").get_text(strip=True) == "Error:Enter the carer's name"
        assert soup.select_one("#area")["value"] == "Ashby Marsh"
        assert soup.select_one("#quote").text.strip() == "x" * 301
        assert soup.select_one("#body").text.strip().startswith("We started with **short breaks**.")
        assert [i["value"] for i in soup.select("input[name=themes][checked]")] == ["teenagers"]
        assert soup.select_one("#photo_path")["value"] == "/static/a.jpg"
    assert "We laugh a lot." in client.get(f"{EDITOR}/{stories['draft']}").text  # nothing was saved

    edit_url = f"{EDITOR}/{stories['draft']}"
    response = post_form(client, f"{edit_url}/consent", {"consent_note": " "}, form_page=edit_url)
    assert response.status_code == 400
    assert error_summary(check_page(response.text)) == [
        ("Enter how the carer gave their consent", "#consent_note")
    ]


EDITOR_PAGES = ["", "/new", "/{draft}"]
EVERYONE_ELSE = ["carer", "ssw", "manager", "admin", "enquirer"]


def test_only_recruitment_officers_use_the_editor(sign_in_as, stories) -> None:
    # One test walks every role (rather than one test each) to keep the suite quick.
    draft = f"{EDITOR}/{stories['draft']}"
    posts = [
        (f"{draft}/consent", {"consent_note": "Signed"}),
        (f"{draft}/publish", {}),
        (f"{draft}/unpublish", {}),
        (draft, {**NEW_STORY, "carer_name": "Ann"}),
        (EDITOR, NEW_STORY),
    ]
    for who in ["officer", *EVERYONE_ELSE]:
        client = sign_in_as(who)
        expected_get, expected_post = (200, 303) if who == "officer" else (403, 403)
        for path in EDITOR_PAGES:
            assert client.get(EDITOR + path.format(**stories)).status_code == expected_get, (who, path)
        for path, data in posts:
            assert post_form(client, path, data).status_code == expected_post, (who, path)


def test_signed_out_people_are_sent_to_sign_in(sign_in_as, stories) -> None:
    client = sign_in_as(None)
    for path in EDITOR_PAGES:
        response = client.get(EDITOR + path.format(**stories), follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/sign-in", path
    response = post_form(client, f"{EDITOR}/{stories['draft']}/publish")
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"


def test_another_councils_story_is_not_found(sign_in_as, stories) -> None:
    client = sign_in_as("officer")
    west = f"{EDITOR}/{stories['west']}"
    missing = client.get(f"{EDITOR}/00000000-0000-4000-8000-000000000000")
    assert client.get(west).status_code == missing.status_code == 404
    assert post_form(client, west, NEW_STORY).status_code == 404
    for action in ("consent", "publish", "unpublish"):
        assert post_form(client, f"{west}/{action}", {"consent_note": "x"}).status_code == 404, action
    assert client.get("/stories/dee").status_code == 404  # published, but in Westmere, not here
    assert client.get(f"{EDITOR}/not-a-uuid").status_code == 404
    # ...and Westmere's officer still finds it untouched.
    assert "Dee" in sign_in_as("west_officer").get(west).text
