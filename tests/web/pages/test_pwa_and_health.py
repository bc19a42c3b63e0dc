from __future__ import annotations

import json

from carer_portal.assets import asset_manifest
from carer_portal.migrate import head_revision


def test_service_worker_is_served_from_the_root_and_never_cached(client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["service-worker-allowed"] == "/"
    assert "attachment" not in response.headers.get("content-disposition", "")
    for name in ("app.css", "app.js"):
        assert f"/static/{asset_manifest()[name]}" in response.text
    assert '"/offline"' in response.text


def test_manifest_makes_the_portal_installable(client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.text)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert manifest["short_name"] and manifest["name"]
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_built_assets_are_hashed_compressed_and_cached_for_a_year(client) -> None:
    response = client.get(f"/static/{asset_manifest()['app.css']}", headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] in {"br", "gzip"}
    cache = response.headers["cache-control"]
    assert "max-age=31536000" in cache and "immutable" in cache and "public" in cache


def test_healthz_says_the_process_is_up(client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_checks_the_database_is_at_the_newest_migration(client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": head_revision()}
