"""The council's colours, handed to templates as CSS custom properties."""

from __future__ import annotations

from dataclasses import dataclass

from carer_portal.config import Settings


def shade(hex_colour: str, amount: float) -> str:
    """Mix a colour with black: hover states stay readable on white."""
    channels = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in channels)


@dataclass(frozen=True)
class Theme:
    brand_colour: str
    link_colour: str
    link_hover_colour: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Theme:
        # Settings has already checked both colours are valid hex with AA contrast on white.
        return cls(
            brand_colour=settings.brand_colour,
            link_colour=settings.link_colour,
            link_hover_colour=shade(settings.link_colour, 0.3),
        )

    @property
    def css(self) -> str:
        """The inline ``<style>`` every page carries; the CSP allows it by its hash."""
        return (
            f":root{{--govuk-brand-colour:{self.brand_colour};--govuk-link-colour:{self.link_colour};"
            f"--govuk-link-hover-colour:{self.link_hover_colour};--govuk-link-active-colour:{self.link_hover_colour}}}"
        )
