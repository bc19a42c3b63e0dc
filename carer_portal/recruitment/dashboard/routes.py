"""The recruitment dashboard. (Being built.)"""

from __future__ import annotations


dashboard_routes: list = []
