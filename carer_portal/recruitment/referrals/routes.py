"""Carer invites: links, QR codes and attribution. (Being built.)"""

from __future__ import annotations


referral_routes: list = []
