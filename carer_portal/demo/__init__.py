"""Demo mode: Eastbrook Council, a fictional fostering service, to look around as anyone.

Only on a local base URL (the portal refuses to start in demo mode anywhere else).
"""

from carer_portal.demo.data import CHILDREN, DEMO_COUNCIL_SLUG
from carer_portal.demo.loading import load_demo_data
from carer_portal.demo.personas import DEMO_PERSONAS

__all__ = ["CHILDREN", "DEMO_COUNCIL_SLUG", "DEMO_PERSONAS", "load_demo_data"]
