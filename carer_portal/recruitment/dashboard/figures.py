"""What the recruitment dashboard shows: each figure, with the shares worked out from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carer_portal.recruitment.enquiries.models import (
    Channel,
    EnquiryStage,
    MotivationAnswerValue,
    MotivationMoment,
)

# About 12% of council enquiries reach application nationally: the figure to beat.
NATIONAL_APPLICATION_RATE = 0.12
MOMENT_LABELS = {
    MotivationMoment.AFTER_ENQUIRY: "After getting in touch",
    MotivationMoment.AFTER_FIRST_CONVERSATION: "After the first conversation",
}


def rate(numerator: int, denominator: int) -> float | None:
    """A share between 0 and 1, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class WeekCount:
    starts_on: date  # the Monday, UK time
    by_channel: dict[Channel, int]  # every channel, zero-filled
    is_current: bool  # this week, so far

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())


@dataclass(frozen=True)
class FirstResponse:
    target_working_days: int
    # Enquiries received in the period that have had their first reply.
    answered: int
    median_hours: float | None
    p90_hours: float | None
    # Answered by the time promised (first_responded_at <= first_response_due_at) ...
    within_target: int
    # ... out of every enquiry in the period whose time has come: answered, or still waiting
    # past the time promised (leaving those out would flatter the figure).
    due_so_far: int
    # Now, whenever they arrived: not yet answered, and how many of those are past the time promised.
    waiting_now: int
    overdue_now: int

    @property
    def share_within_target(self) -> float | None:
        return rate(self.within_target, self.due_so_far)


@dataclass(frozen=True)
class MotivationCounts:
    moment: MotivationMoment
    counts: dict[MotivationAnswerValue, int]  # more, same, less; zero-filled

    @property
    def label(self) -> str:
        return MOMENT_LABELS[self.moment]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def share_more(self) -> float | None:
        return rate(self.counts[MotivationAnswerValue.MORE], self.total)


@dataclass(frozen=True)
class FunnelStep:
    stage: EnquiryStage
    reached: int  # distinct enquiries that ever reached this stage
    from_previous: float | None  # reached / reached at the stage before; None for the first stage


@dataclass(frozen=True)
class ChannelConversion:
    channel: Channel | None  # None for all channels together
    enquiries: int
    applications: int  # reached application, ever
    approvals: int  # reached approval, ever

    @property
    def label(self) -> str:
        return self.channel.label if self.channel else "All channels"

    @property
    def application_rate(self) -> float | None:
        return rate(self.applications, self.enquiries)

    @property
    def approval_rate(self) -> float | None:
        return rate(self.approvals, self.enquiries)


@dataclass(frozen=True)
class Dashboard:
    today: date
    period_starts_on: date  # the Monday of the first week shown
    channels: list[Channel]
    weeks: list[WeekCount]  # oldest first
    enquiries_in_period: int
    campaign_codes: list[tuple[str, int]]  # codes used in the period, most used first
    first_response: FirstResponse
    motivation: list[MotivationCounts]  # one per moment
    funnel: list[FunnelStep]  # all enquiries the council holds
    withdrawn: int  # enquiries that ever withdrew
    conversion_by_channel: list[ChannelConversion]
    conversion_overall: ChannelConversion
    national_application_rate: float
    approved_in_period: int
    saving_per_placement_gbp: int
    # One placement per approved household, each instead of an agency placement.
    annual_saving_gbp: int

    @property
    def beats_national_application_rate(self) -> bool | None:
        ours = self.conversion_overall.application_rate
        return None if ours is None else ours >= self.national_application_rate
