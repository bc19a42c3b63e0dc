"""Carers' stories: public pages, and the recruitment team's editor. (Being built.)"""

from __future__ import annotations


story_routes: list = []
