"""Part 3: page weight in headless Chromium, and Lighthouse for the landing page.

For each public page, in a fresh browser context: the first visit (every request the page makes,
bytes as CDP's ``Network.loadingFinished.encodedDataLength``: compressed body plus headers), then
a repeat visit once the service worker controls the page, counting only what reached the network
(the page's own requests not answered by the service worker, and the worker's own fetches).

Run on its own (``python -m bench.page_weight --base-url ...``) it prints JSON; bench/run.py runs
it in a child process so that Playwright's event loop never meets the other parts' asyncio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PUBLIC_PAGES = ["/", "/stories", "/stories/sam", "/enquire", "/privacy"]
LIGHTHOUSE = "lighthouse@13"


class NetworkLog:
    """Requests seen through CDP: the page's own, and its service worker's (attached with
    ``Target.setAutoAttach`` on the page's session, paused until Network is enabled, so the
    worker script's own fetch is seen too)."""

    def __init__(self, cdp) -> None:  # type: ignore[no-untyped-def]
        self.cdp = cdp
        self.requests: dict[str, dict] = {}
        for method in (
            "requestWillBeSent",
            "responseReceived",
            "requestServedFromCache",
            "loadingFinished",
            "loadingFailed",
        ):
            cdp.on(f"Network.{method}", lambda params, method=method: self.record("page", method, params))
        cdp.on("Target.attachedToTarget", self._attached)
        cdp.on("Target.receivedMessageFromTarget", self._from_worker)
        cdp.send("Network.enable")
        cdp.send(
            "Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False}
        )

    def _attached(self, event: dict) -> None:
        session = event["sessionId"]
        for number, method in enumerate(("Network.enable", "Runtime.runIfWaitingForDebugger"), start=1):
            message = json.dumps({"id": number, "method": method})
            self.cdp.send("Target.sendMessageToTarget", {"sessionId": session, "message": message})

    def _from_worker(self, event: dict) -> None:
        message = json.loads(event["message"])
        method = message.get("method", "")
        if method.startswith("Network."):
            self.record("service worker", method.removeprefix("Network."), message["params"])

    def record(self, source: str, method: str, params: dict) -> None:
        entry = self.requests.setdefault(f"{source}:{params['requestId']}", {"source": source})
        if method == "requestWillBeSent":
            entry.update(url=params["request"]["url"], type=params.get("type", ""))
        elif method == "responseReceived":
            response = params["response"]
            entry["status"] = response.get("status")
            entry["from_service_worker"] = bool(response.get("fromServiceWorker"))
            entry["from_cache"] = bool(response.get("fromDiskCache") or response.get("fromPrefetchCache"))
        elif method == "requestServedFromCache":
            entry["from_cache"] = True
        elif method == "loadingFinished":
            entry["bytes"] = int(params.get("encodedDataLength", 0))
        elif method == "loadingFailed":
            entry["failed"] = params.get("errorText", "failed")

    def clear(self) -> None:
        self.requests.clear()

    def over_the_network(self) -> list[dict]:
        """What reached the server: not answered by the service worker or from a cache."""
        return [
            r
            for r in self.requests.values()
            if "url" in r
            and not r.get("from_service_worker")
            and not r.get("from_cache")
            and not r.get("failed")
        ]


def _worker_script(base_url: str) -> dict:
    """The service worker script is always fetched on a first visit, but Chromium sometimes fetches
    it before its target can be attached. Then it is counted with its size from a direct fetch
    (compressed body plus headers, as Chromium would have received it)."""
    import httpx

    response = httpx.get(f"{base_url}/sw.js", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    response.raise_for_status()
    head = len(f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n") + sum(
        len(name) + len(value) + 4 for name, value in response.headers.raw
    )
    return {
        "source": "service worker (script, measured by a direct fetch)",
        "url": f"{base_url}/sw.js",
        "type": "Script",
        "bytes": head + 2 + int(response.headers.get("content-length", len(response.content))),
    }


def _short(url: str, base_url: str) -> str:
    return url.removeprefix(base_url)


def _listing(requests: list[dict], base_url: str) -> list[dict]:
    return [
        {
            "url": _short(r["url"], base_url),
            "by": r["source"],
            "type": r.get("type"),
            "bytes": r.get("bytes", 0),
        }
        for r in requests
    ]


def visit_page(browser, base_url: str, path: str) -> dict:  # type: ignore[no-untyped-def]
    context = browser.new_context(service_workers="allow")
    try:
        page = context.new_page()
        log = NetworkLog(context.new_cdp_session(page))
        page.goto(base_url + path, wait_until="load")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)  # the worker's last precache answers
        first = log.over_the_network()
        log.clear()
        page.goto(base_url + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        repeat = log.over_the_network()
    finally:
        context.close()

    if not any(r["url"].endswith("/sw.js") for r in first):
        first.append(_worker_script(base_url))
    document = next((r for r in first if r.get("type") == "Document"), {})
    by_page = [r for r in first if r["source"] == "page"]
    return {
        "first_visit_kb": round(sum(r.get("bytes", 0) for r in first) / 1024, 2),
        "first_visit_requests": len(first),
        "first_visit_page_only_kb": round(sum(r.get("bytes", 0) for r in by_page) / 1024, 2),
        "first_visit_page_only_requests": len(by_page),
        "html_kb": round(document.get("bytes", 0) / 1024, 2),
        "first_visit": _listing(first, base_url),
        "repeat_visit_requests": len(repeat),
        "repeat_visit_kb": round(sum(r.get("bytes", 0) for r in repeat) / 1024, 2),
        "repeat_visit": _listing(repeat, base_url),
        "repeat_visit_only_html": [_short(r["url"], base_url) for r in repeat] == [path],
    }


def measure_pages(base_url: str, pages: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            return {path: visit_page(browser, base_url, path) for path in pages}
        finally:
            browser.close()


def lighthouse(url: str, *, timeout: float = 240) -> dict:
    """Lighthouse 13, mobile (its default form factor and throttling): performance and accessibility."""
    npx = shutil.which("npx")
    if npx is None:
        return {"performance": None, "accessibility": None, "why_not": "npx (Node.js) is not installed"}
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as folder:
        report = Path(folder) / "report.json"
        command = [
            npx,
            "--yes",
            LIGHTHOUSE,
            url,
            "--only-categories=performance,accessibility",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ]
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        try:
            completed = subprocess.run(  # noqa: S603 - npx with our own arguments
                command, env=env, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            return {
                "performance": None,
                "accessibility": None,
                "why_not": f"Lighthouse took over {timeout:.0f} s",
            }
        if completed.returncode != 0 or not report.exists():
            tail = (completed.stderr or completed.stdout).strip().splitlines()[-3:]
            return {
                "performance": None,
                "accessibility": None,
                "why_not": f"Lighthouse failed (exit {completed.returncode}): {' | '.join(tail)}",
            }
        data = json.loads(report.read_text())
    categories = data.get("categories", {})
    audits = data.get("audits", {})

    def score(name: str) -> int | None:
        value = categories.get(name, {}).get("score")
        return None if value is None else round(value * 100)

    return {
        "performance": score("performance"),
        "accessibility": score("accessibility"),
        "lighthouse_version": data.get("lighthouseVersion"),
        "form_factor": data.get("configSettings", {}).get("formFactor"),
        "metrics": {
            name: audits.get(name, {}).get("displayValue")
            for name in (
                "first-contentful-paint",
                "largest-contentful-paint",
                "total-blocking-time",
                "cumulative-layout-shift",
                "speed-index",
            )
        },
        "failing_accessibility_audits": sorted(
            name
            for name, audit in audits.items()
            if audit.get("score") is not None
            and audit.get("score") < 1
            and name in {ref["id"] for ref in categories.get("accessibility", {}).get("auditRefs", [])}
        ),
    }


def measure(base_url: str, *, pages: list[str] | None = None, with_lighthouse: bool = True) -> dict:
    """Runs the browser part in a child process and returns its JSON."""
    command = [
        sys.executable,
        "-m",
        "bench.page_weight",
        "--base-url",
        base_url,
        "--pages",
        *(pages or PUBLIC_PAGES),
    ]
    if not with_lighthouse:
        command.append("--no-lighthouse")
    completed = subprocess.run(  # noqa: S603 - this module, in a child process
        command,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"page weight failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--pages", nargs="+", default=PUBLIC_PAGES)
    parser.add_argument("--no-lighthouse", action="store_true")
    options = parser.parse_args()
    result: dict = {"pages": measure_pages(options.base_url, options.pages)}
    if options.no_lighthouse:
        result["lighthouse"] = {
            "performance": None,
            "accessibility": None,
            "why_not": "not asked for (tiny run)",
        }
    else:
        result["lighthouse"] = lighthouse(options.base_url + "/")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
