"""The dashboard reads the deployment's own settings: its first-reply promise and its saving figure."""

from __future__ import annotations

import re

import pytest

from tests.support.app import make_settings

PATH = "/recruitment/dashboard"
JOANNE = "joanne.whitfield@eastbrook.example"  # the demo's recruitment officer


@pytest.fixture
def settings(tmp_path, database_url):  # type: ignore[no-untyped-def]
    # A council that promises a first reply within two working days, with its own saving figure.
    return make_settings(
        tmp_path / "data", database_url, first_response_working_days=2, agency_saving_per_placement_gbp=23_456
    )


def test_every_figure_the_deployment_configures_reaches_the_page(sign_in_demo, page) -> None:  # type: ignore[no-untyped-def]
    sign_in_demo(JOANNE)
    words = re.sub(r"\s+", " ", page(PATH).main.get_text(" "))
    assert "first reply within 2 working days" in words
    assert "costs about £23,456 a year less" in words
