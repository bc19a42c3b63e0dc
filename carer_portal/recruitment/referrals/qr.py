"""A QR code for a carer's invite link, as an SVG that can sit inline in a page.

Built with ``qrcode``'s ``SvgPathFillImage`` (one path on a white square, so it scans in dark
mode too), then tidied for our pages: no width and height in millimetres (CSS sizes it), no
fixed id (ids must be unique on a page), and a role and name for screen readers. Everything
is made by ElementTree, so the only text in it (the label) is escaped. Our CSP forbids inline
styles; qrcode uses presentation attributes (``fill``), never ``style``, and a test holds it to
that.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import lru_cache

import qrcode
import qrcode.constants
from qrcode.image.svg import SvgPathFillImage

SVG_NAMESPACE = "http://www.w3.org/2000/svg"


@lru_cache(maxsize=512)
def qr_svg(data: str, *, label: str, title_id: str = "invite-qr-title") -> str:
    """An inline ``<svg role="img">`` QR code for ``data``, named ``label`` for assistive tech."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, image_factory=SvgPathFillImage
    )
    code.add_data(data)
    code.make(fit=True)
    svg = code.make_image().get_image()
    for attribute in ("width", "height"):
        svg.attrib.pop(attribute, None)
    for element in svg.iter():
        element.attrib.pop("id", None)
        element.attrib.pop("style", None)
    svg.set("class", "app-qr__image")
    svg.set("role", "img")
    svg.set("aria-labelledby", title_id)
    svg.set("focusable", "false")
    # Crisp module edges, whatever size the code is drawn at.
    svg.set("shape-rendering", "crispEdges")
    title = ET.Element("title", id=title_id)
    title.text = label
    svg.insert(0, title)
    return ET.tostring(svg, encoding="unicode")
