"""Part 1 (throughput against a bare Litestar app) and part 6 (the portal's peak memory under it).

wrk, from its own process on 127.0.0.1, with 32 connections and a browser's Accept-Encoding,
loads the bare "hello" and then four portal pages: the landing page, a story, an enquirer's own
page and the recruitment officer's inbox (signed in). Headline: portal req/s / bare req/s.
"""

from __future__ import annotations

from bench.client import get_ok, latest_enquiry_link, make_enquiry, signed_in_cookie
from bench.common import BROWSER_HEADERS, Server, peak_rss_mb, run_wrk

STORY_SLUG = "sam"  # a published demo story


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
    """name -> (path, Cookie header), each checked to answer 200 with the real page."""
    make_enquiry(portal.base_url)
    your_enquiry = latest_enquiry_link(portal.database_url)
    officer = signed_in_cookie(portal.base_url)
    pages = {
        "landing": ("/", ""),
        "story": (f"/stories/{STORY_SLUG}", ""),
        "your_enquiry": (your_enquiry, ""),
        "inbox": ("/enquiries", officer),
    }
    get_ok(portal.base_url, pages["inbox"][0], officer, expect="Sam Bench")
    for path, cookie in pages.values():
        get_ok(portal.base_url, path, cookie)
    return pages


def measure(bare: Server, portal: Server, *, duration: float, connections: int = 32) -> dict:
    warm_up = max(1.0, duration / 5)
    run_wrk(f"{bare.base_url}/", duration=warm_up, connections=connections, headers=BROWSER_HEADERS)
    reference = _figures(
        run_wrk(f"{bare.base_url}/", duration=duration, connections=connections, headers=BROWSER_HEADERS)
    )
    results: dict = {"bare": reference, "connections": connections, "duration_s": duration}
    rss_at_start = peak_rss_mb(portal.pid)
    for name, (path, cookie) in portal_pages(portal).items():
        headers = {**BROWSER_HEADERS, **({"Cookie": cookie} if cookie else {})}
        # Warm up: imports, template compilation, the connection pool, caches.
        run_wrk(portal.base_url + path, duration=warm_up, connections=connections, headers=headers)
        figures = _figures(
            run_wrk(portal.base_url + path, duration=duration, connections=connections, headers=headers)
        )
        figures["ratio"] = (
            round(figures["req_per_s"] / reference["req_per_s"], 3) if reference["req_per_s"] else None
        )
        results[name] = figures
    results["web_rss_mb_at_start"] = rss_at_start
    results["web_rss_mb"] = peak_rss_mb(portal.pid)
    return results
