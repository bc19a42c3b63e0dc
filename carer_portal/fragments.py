"""Parts of the page layout rendered once per process and reused.

GOV.UK Frontend's macros are thorough and slow (each call imports its sub-components): the
service navigation and the phase banner took half the time of a small page. They depend only
on the settings, fixed for a process, and on the arguments given as the key. Nothing personal
may be part of a fragment: the menu is the same for everyone with the same role and page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

MAX_FRAGMENTS = 512


class FragmentCache:
    def __init__(self) -> None:
        self._fragments: dict[str, Markup] = {}

    def __call__(self, name: str, *key: Any, caller: Callable[[], str]) -> Markup:
        """``{% call cached_fragment("name", key...) %}...{% endcall %}`` in a template."""
        cache_key = name + json.dumps(key, sort_keys=True, default=str) if key else name
        fragment = self._fragments.get(cache_key)
        if fragment is None:
            if len(self._fragments) >= MAX_FRAGMENTS:
                self._fragments.clear()
            # caller() is the autoescaped output of the template block itself.
            fragment = self._fragments[cache_key] = Markup(caller())  # noqa: S704
        return fragment
