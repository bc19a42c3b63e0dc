"""Part 1 (throughput against a bare Litestar app) and part 6 (the portal's peak memory under it).

wrk, from its own process on 127.0.0.1, with 32 connections and a browser's Accept-Encoding,
loads the bare "hello" and then the portal's pages: three public ones (the landing page, a story,
an enquirer's own page through the emailed link) and five signed in through the demo sign-in as
the person who uses them (a carer's children, one child with five years of needs profiles, the
carer's account, a signed-in enquirer's page, the recruitment officer's inbox). Headline: portal
req/s / bare req/s.

Each signed-in page is loaded with a session signed in just before it. A browser stores the
cookie the portal sends back, which the portal renews at most once a minute ("seen",
security/actor.py); wrk sends the same cookie throughout, so after its first minute every
request would pay for encrypting and sending a new cookie, which no browser's would.
"""

from __future__ import annotations

from bench.client import (
    CARER,
    CARER_NAME,
    ENQUIRER,
    RECRUITMENT_OFFICER,
    first_child_link,
    five_years_of_profiles,
    get_ok,
    latest_enquiry_link,
    make_enquiry,
    signed_in_cookie,
)
from bench.common import BROWSER_HEADERS, Server, peak_rss_mb, run_wrk

STORY_SLUG = "sam"  # a published demo story
# Every page loaded, in the table's order, and who is signed in for it ("" = no session).
SIGNED_IN_AS = {
    "landing": "",
    "story": "",
    "your_enquiry": "",
    "children": "carer",
    "child": "carer",
    "account": "carer",
    "your_enquiries": "enquirer",
    "inbox": "recruitment officer",
}
PAGES = tuple(SIGNED_IN_AS)
SIGNED_IN = tuple(name for name, who in SIGNED_IN_AS.items() if who)
PERSONAS = {"carer": CARER, "enquirer": ENQUIRER, "recruitment officer": RECRUITMENT_OFFICER}
# A cookie stays as signed in for this long before the portal renews it (SEEN_RESOLUTION_SECONDS).
FRESH_COOKIE_SECONDS = 60


def _figures(result: dict) -> dict:
    seconds = result["duration_us"] / 1e6
    errors = sum(result["errors"].values())
    return {
        "req_per_s": round(result["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(result["p50_us"] / 1000, 2),
        "p99_ms": round(result["p99_us"] / 1000, 2),
        "errors": errors,
        "requests": result["requests"],
        "kb_per_response": round(result["bytes"] / max(result["requests"], 1) / 1024, 2),
    }


def portal_pages(portal: Server) -> dict[str, tuple[str, str]]:
    """name -> (path, what the page must show): a signed-in page that lost its session would
    redirect to sign-in, and wrk counts a 303 as a success."""
    base = portal.base_url
    make_enquiry(base)
    carer = signed_in_cookie(base, CARER)
    child, child_name = first_child_link(get_ok(base, "/children", carer, expect="Children living with you"))
    five_years_of_profiles(portal.database_url, child)
    return {
        "landing": ("/", ""),
        "story": (f"/stories/{STORY_SLUG}", ""),
        "your_enquiry": (latest_enquiry_link(portal.database_url), ""),
        "children": ("/children", "Children living with you"),
        "child": (child, child_name),
        "account": ("/account", CARER_NAME),
        # Shown only with an enquiry of theirs; "We have no enquiry" otherwise.
        "your_enquiries": ("/your-enquiries", "What happens next"),
        "inbox": ("/enquiries", "Sam Bench"),
    }


def cookie_for(portal: Server, name: str, path: str, expect: str) -> str:
    """A session just signed in as the page's person ("" for a public page), checked to show
    the page itself."""
    who = SIGNED_IN_AS[name]
    cookie = signed_in_cookie(portal.base_url, PERSONAS[who]) if who else ""
    get_ok(portal.base_url, path, cookie, expect=expect)
    return cookie


def bare_reference(bare: Server, *, duration: float, connections: int = 32) -> dict:
    """The bare app's figures, the denominator of every ratio (part 2 measures it again)."""
    warm_up = max(1.0, duration / 5)
    run_wrk(f"{bare.base_url}/", duration=warm_up, connections=connections, headers=BROWSER_HEADERS)
    return _figures(
        run_wrk(f"{bare.base_url}/", duration=duration, connections=connections, headers=BROWSER_HEADERS)
    )


def measure(bare: Server, portal: Server, *, duration: float, connections: int = 32) -> dict:
    warm_up = max(1.0, duration / 5)
    reference = bare_reference(bare, duration=duration, connections=connections)
    results: dict = {
        "bare": reference,
        "connections": connections,
        "duration_s": duration,
        "pages": list(PAGES),
    }
    rss_at_start = peak_rss_mb(portal.pid)
    if warm_up + duration >= FRESH_COOKIE_SECONDS:
        raise ValueError(f"each page's run must end within {FRESH_COOKIE_SECONDS} s of signing in")
    for name, (path, expect) in portal_pages(portal).items():
        cookie = cookie_for(portal, name, path, expect)
        headers = {**BROWSER_HEADERS, **({"Cookie": cookie} if cookie else {})}
        # Warm up: imports, template compilation, the connection pool, caches.
        run_wrk(portal.base_url + path, duration=warm_up, connections=connections, headers=headers)
        figures = _figures(
            run_wrk(portal.base_url + path, duration=duration, connections=connections, headers=headers)
        )
        figures["ratio"] = (
            round(figures["req_per_s"] / reference["req_per_s"], 3) if reference["req_per_s"] else None
        )
        figures["signed_in_as"] = SIGNED_IN_AS[name]
        results[name] = figures
    lowest = min(SIGNED_IN, key=lambda name: results[name]["ratio"] or 0.0)
    results["signed_in_min"] = {"page": lowest, "ratio": results[lowest]["ratio"]}
    results["web_rss_mb_at_start"] = rss_at_start
    results["web_rss_mb"] = peak_rss_mb(portal.pid)
    return results
