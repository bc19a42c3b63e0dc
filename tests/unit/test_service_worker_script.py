"""The service worker's version names its cache: it must change with anything it keeps, so that a
withdrawn story or an edited one does not stay on people's phones."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from carer_portal.pages.offline import service_worker_script

TEMPLATE = "const CONFIG = __CONFIG__;\n// the rest of the worker\n"
pages = st.lists(st.from_regex(r"/stories/[a-z-]{1,12}", fullmatch=True), unique=True, max_size=4)
stamps = st.text(max_size=20)


def _config(script: str) -> dict:
    return json.loads(re.search(r"const CONFIG = (\{.*?\});", script).group(1))


def _script(pages: list[str], stamp: str) -> str:
    return service_worker_script(
        TEMPLATE, assets=["/static/app.1.js"], pages=pages, icon="/i.png", stamp=stamp
    )


@given(pages, pages, stamps, stamps)
def test_the_version_changes_exactly_when_what_is_kept_changes(
    first: list[str], second: list[str], stamp: str, other_stamp: str
) -> None:
    one, two = _config(_script(first, stamp)), _config(_script(second, other_stamp))
    assert one["pages"] == first
    assert (one["version"] == two["version"]) == (first == second and stamp == other_stamp)


def test_the_script_is_the_template_with_its_list_filled_in() -> None:
    script = _script(["/", "/offline"], "")
    assert "__CONFIG__" not in script and script.endswith("// the rest of the worker\n")
