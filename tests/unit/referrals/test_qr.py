"""The invite QR code: an inline SVG our CSP allows, named for screen readers."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # our own output, not untrusted XML

from carer_portal.recruitment.referrals.qr import qr_svg

SVG = "{http://www.w3.org/2000/svg}"
URL = "https://fostering.eastbrook.example/invite/AbC-123_xyz9"


def test_the_svg_is_safe_to_put_inline() -> None:
    svg = qr_svg(URL, label="QR code for your invite link")
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    elements = list(root.iter())
    assert root.tag == f"{SVG}svg"
    assert "style" not in svg and "<script" not in svg.lower()
    assert not [e.tag for e in elements if e.tag.endswith(("script", "style", "foreignObject"))]
    risky = [
        (e.tag, a) for e in elements for a in e.attrib if a == "style" or a.startswith("on") or "href" in a
    ]
    assert risky == []
    # Sized by CSS, and no fixed ids but the title's (one QR code per page).
    assert "width" not in root.attrib and "height" not in root.attrib
    assert [e.get("id") for e in elements if e.get("id")] == ["invite-qr-title"]


def test_the_svg_is_an_image_with_a_name() -> None:
    root = ET.fromstring(qr_svg(URL, label="QR code for your invite link"))  # noqa: S314 - our own output
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "invite-qr-title"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "QR code for your invite link" and root[0] is title


def test_a_label_cannot_inject_markup() -> None:
    svg = qr_svg(URL, label='<script>alert("x")</script>')
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_the_code_is_dark_on_white_with_a_quiet_zone() -> None:
    root = ET.fromstring(qr_svg(URL, label="QR code"))  # noqa: S314 - our own output
    (background,) = root.findall(f"{SVG}rect")
    (path,) = root.findall(f"{SVG}path")
    assert background.get("fill") == "white" and path.get("fill") == "#000000"
    size = int(root.get("viewBox").split()[2])
    # Version 3 or 4 for a link this long, plus a four-module quiet zone on each side.
    assert size in {29 + 8, 33 + 8}
    assert path.get("d").startswith("M4,4")
