"""Every figure on the recruitment dashboard, checked exactly against a small history."""

from __future__ import annotations

from datetime import date

import pytest

from carer_portal.recruitment.dashboard.figures import Dashboard
from carer_portal.recruitment.dashboard.service import (
    _rank_position,
    can_view_recruitment_dashboard,
    recruitment_dashboard,
)
from carer_portal.recruitment.enquiries.models import (
    Channel,
    EnquiryStage,
    MotivationAnswerValue,
    MotivationMoment,
)
from tests.support.app import run_with_session
from tests.support.dashboard_data import NOW, TODAY, WEEKS, answer, at, enquiry

S = EnquiryStage
MORE, SAME, LESS = MotivationAnswerValue.MORE, MotivationAnswerValue.SAME, MotivationAnswerValue.LESS
AFTER_ENQUIRY = MotivationMoment.AFTER_ENQUIRY
AFTER_CONVERSATION = MotivationMoment.AFTER_FIRST_CONVERSATION


def dashboard_for(database_url: str, world, build, *, actor: str = "officer", **options) -> Dashboard | None:  # type: ignore[no-untyped-def]
    """Add rows with ``build(session, east, west)``, then compute the dashboard as ``actor``."""

    async def work(session):  # type: ignore[no-untyped-def]
        await build(session, world.councils["eastbrook"].id, world.councils["westmere"].id)
        await session.commit()
        return await recruitment_dashboard(
            session=session, actor=world.actor(actor), today=TODAY, now=NOW, **{"weeks": WEEKS, **options}
        )

    return run_with_session(database_url, work)


async def nothing(session, east, west) -> None:  # type: ignore[no-untyped-def]
    return None


# --- who may see it ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("officer", True),
        ("manager", True),
        ("west_manager", True),
        ("carer", False),
        ("ssw", False),
        ("admin", False),
        ("enquirer", False),
    ],
)
def test_only_recruitment_officers_and_managers_see_the_dashboard(
    world, database_url, actor, allowed
) -> None:  # type: ignore[no-untyped-def]
    assert can_view_recruitment_dashboard(world.actor(actor)) is allowed
    result = dashboard_for(database_url, world, nothing, actor=actor)
    assert (result is not None) is allowed


def test_nobody_signed_in_sees_nothing() -> None:
    assert can_view_recruitment_dashboard(None) is False


# --- enquiries each week -----------------------------------------------------------------


async def weekly_history(session, east, west) -> None:  # type: ignore[no-untyped-def]
    await enquiry(session, east, at(10, 9), Channel.WEB)
    await enquiry(session, east, at(12), Channel.CAMPAIGN, code="SPRING25")
    # Sunday 30 March, 23:30 BST: still the week beginning 24 March in the UK.
    await enquiry(session, east, at(30, 22, 30), Channel.EVENT)
    await enquiry(session, east, at(25), Channel.CAMPAIGN, code="SPRING25", anonymised=True)
    await enquiry(session, east, at(26), Channel.CAMPAIGN, code="RADIO")
    # Monday 31 March, 00:30 BST (23:30 UTC on the Sunday): the week beginning 31 March.
    await enquiry(session, east, at(30, 23, 30), Channel.PEER_REFERRAL)
    # Sunday 9 March, 23:59 GMT: the week before the period.
    await enquiry(session, east, at(9, 23, 59), Channel.WEB, code="OLDCODE")
    await enquiry(session, west, at(12), Channel.WEB, code="WESTCODE")


def test_weeks_are_uk_iso_weeks_zero_filled_oldest_first(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, weekly_history)
    assert d is not None
    assert d.period_starts_on == date(2025, 3, 10)
    assert [w.starts_on for w in d.weeks] == [
        date(2025, 3, 10),
        date(2025, 3, 17),
        date(2025, 3, 24),
        date(2025, 3, 31),
    ]
    assert [w.is_current for w in d.weeks] == [False, False, False, True]
    assert [dict(w.by_channel) for w in d.weeks] == [
        {Channel.WEB: 1, Channel.PEER_REFERRAL: 0, Channel.EVENT: 0, Channel.CAMPAIGN: 1},
        {Channel.WEB: 0, Channel.PEER_REFERRAL: 0, Channel.EVENT: 0, Channel.CAMPAIGN: 0},
        {Channel.WEB: 0, Channel.PEER_REFERRAL: 0, Channel.EVENT: 1, Channel.CAMPAIGN: 2},
        {Channel.WEB: 0, Channel.PEER_REFERRAL: 1, Channel.EVENT: 0, Channel.CAMPAIGN: 0},
    ]
    assert [w.total for w in d.weeks] == [2, 0, 3, 1]
    assert d.enquiries_in_period == 6


def test_campaign_codes_in_the_period_most_used_first(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, weekly_history)
    assert d is not None
    assert d.campaign_codes == [("SPRING25", 2), ("RADIO", 1)]


def test_a_longer_period_reaches_back_further(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, weekly_history, weeks=5)
    assert d is not None
    assert d.weeks[0].starts_on == date(2025, 3, 3)
    assert d.weeks[0].total == 1  # Sunday 9 March
    assert ("OLDCODE", 1) in d.campaign_codes


def test_an_empty_council_shows_zero_weeks(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, nothing, weeks=12)
    assert d is not None
    assert len(d.weeks) == 12 and all(w.total == 0 for w in d.weeks)
    assert d.campaign_codes == []
    assert d.first_response.median_hours is None and d.first_response.share_within_target is None
    assert d.conversion_overall.application_rate is None
    assert [step.reached for step in d.funnel] == [0] * 7
    assert d.annual_saving_gbp == 0


# --- first response ----------------------------------------------------------------------


async def response_history(session, east, west) -> None:  # type: ignore[no-untyped-def]
    # Answered, in the period: 1, 2, 3 and 4 hours on time, 30 hours late (due after 24).
    for hours, day in ((1, 11), (2, 13), (3, 18), (4, 25), (30, 26)):
        await enquiry(session, east, at(day), responded_after_hours=hours)
    # Not counted: answered before the period, or in another council.
    await enquiry(session, east, at(3), responded_after_hours=100)
    await enquiry(session, west, at(11), responded_after_hours=0.5)
    # Waiting: past the time promised (in the period, and before it), and not yet due.
    await enquiry(session, east, at(28))
    await enquiry(session, east, at(1))
    await enquiry(session, east, at(2, 9, month=4), Channel.EVENT)
    # Not waiting: withdrew, anonymised, or moved on without a reply recorded.
    await enquiry(session, east, at(20), stages=((S.WITHDRAWN, at(21)),), withdrawn=True)
    await enquiry(session, east, at(19), anonymised=True)
    await enquiry(session, east, at(24), stages=((S.FIRST_CONVERSATION, at(25)),))
    await enquiry(session, west, at(28))


def test_median_and_90th_percentile_hours_to_a_first_reply(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, response_history)
    assert d is not None
    fr = d.first_response
    assert fr.answered == 5
    assert fr.median_hours == pytest.approx(3)
    # Linear interpolation between the 4th and 5th of five: 4 + 0.6 * (30 - 4).
    assert fr.p90_hours == pytest.approx(19.6)


def test_share_within_target_counts_those_still_waiting_past_the_promise(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, response_history)
    assert d is not None
    fr = d.first_response
    assert fr.within_target == 4
    assert fr.due_so_far == 6  # five answered and one waiting past its time
    assert fr.share_within_target == pytest.approx(4 / 6)
    assert (fr.waiting_now, fr.overdue_now) == (3, 2)
    assert fr.target_working_days == 1


async def four_replies(session, east, west) -> None:  # type: ignore[no-untyped-def]
    for hours in (4, 1, 3, 2):
        await enquiry(session, east, at(11), responded_after_hours=hours)


def test_an_even_number_of_replies_interpolates_the_median(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, four_replies)
    assert d is not None
    assert d.first_response.median_hours == pytest.approx(2.5)
    assert d.first_response.p90_hours == pytest.approx(3.7)


async def one_reply(session, east, west) -> None:  # type: ignore[no-untyped-def]
    await enquiry(session, east, at(11), responded_after_hours=0.25)


def test_a_single_reply_is_its_own_median_and_90th_percentile(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, one_reply)
    assert d is not None
    assert d.first_response.median_hours == pytest.approx(0.25)
    assert d.first_response.p90_hours == pytest.approx(0.25)


@pytest.mark.parametrize(
    ("count", "percent", "expected"),
    [
        (1, 50, (0, 0, 0.0)),
        (2, 50, (0, 1, 0.5)),
        (5, 90, (3, 4, 0.6)),
        (10, 90, (8, 9, 0.1)),
        (11, 50, (5, 6, 0.0)),
    ],
)
def test_rank_positions_match_percentile_cont(
    count: int, percent: int, expected: tuple[int, int, float]
) -> None:
    low, high, fraction = _rank_position(count, percent)
    assert (low, high) == expected[:2]
    assert fraction == pytest.approx(expected[2])


# --- motivation ------------------------------------------------------------------------------


async def motivation_history(session, east, west) -> None:  # type: ignore[no-untyped-def]
    people = [await enquiry(session, east, at(day)) for day in (11, 12, 13, 14)]
    for person, feeling in zip(people, (MORE, MORE, SAME, LESS), strict=True):
        answer(session, person, AFTER_ENQUIRY, feeling, at(15))
    answer(session, people[0], AFTER_CONVERSATION, MORE, at(20))
    answer(session, people[1], AFTER_CONVERSATION, LESS, at(1, month=4))
    # Before the period, and another council: not counted.
    early = await enquiry(session, east, at(1))
    answer(session, early, AFTER_ENQUIRY, LESS, at(2))
    stranger = await enquiry(session, west, at(11))
    answer(session, stranger, AFTER_ENQUIRY, MORE, at(12))


def test_motivation_answers_by_moment(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, motivation_history)
    assert d is not None
    assert [(m.moment, dict(m.counts)) for m in d.motivation] == [
        (AFTER_ENQUIRY, {MORE: 2, SAME: 1, LESS: 1}),
        (AFTER_CONVERSATION, {MORE: 1, SAME: 0, LESS: 1}),
    ]
    assert [m.total for m in d.motivation] == [4, 2]
    assert d.motivation[0].share_more == pytest.approx(0.5)


# --- from enquiry to approval ----------------------------------------------------------------

FULL_JOURNEY = (S.FIRST_CONVERSATION, S.HOME_VISIT, S.APPLICATION, S.ASSESSMENT, S.PANEL, S.APPROVED)


async def conversion_history(session, east, west) -> None:  # type: ignore[no-untyped-def]
    def steps(stages, *days):  # type: ignore[no-untyped-def]
        return tuple(zip(stages, (at(day, month=month) for month, day in days), strict=True))

    # Web: approved in the period; and one who withdrew after a first conversation.
    await enquiry(
        session,
        east,
        at(5, month=1),
        Channel.WEB,
        stages=steps(FULL_JOURNEY, (1, 6), (1, 13), (1, 27), (2, 3), (3, 3), (3, 17)),
    )
    await enquiry(
        session,
        east,
        at(6, month=1),
        Channel.WEB,
        stages=steps((S.FIRST_CONVERSATION, S.WITHDRAWN), (1, 7), (1, 20)),
        withdrawn=True,
    )
    # Invited by a carer: approved before the period (and anonymised since, it still counts);
    # and one who went back to a home visit before applying again (counted once).
    await enquiry(
        session,
        east,
        at(5, month=1),
        Channel.PEER_REFERRAL,
        anonymised=True,
        stages=steps(FULL_JOURNEY, (1, 6), (1, 8), (1, 10), (1, 15), (2, 20), (3, 3)),
    )
    await enquiry(
        session,
        east,
        at(10, month=2),
        Channel.PEER_REFERRAL,
        stages=steps(
            (S.FIRST_CONVERSATION, S.HOME_VISIT, S.APPLICATION, S.HOME_VISIT, S.APPLICATION),
            (2, 11),
            (2, 14),
            (2, 20),
            (2, 25),
            (3, 12),
        ),
    )
    # An event with no progress yet, and a campaign enquiry recorded before histories were kept.
    await enquiry(session, east, at(12), Channel.EVENT)
    await enquiry(session, east, at(13), Channel.CAMPAIGN, history=False)
    # Another council's approval never counts here.
    await enquiry(
        session,
        west,
        at(5, month=1),
        Channel.WEB,
        stages=steps(FULL_JOURNEY, (1, 6), (1, 13), (1, 27), (2, 3), (3, 3), (3, 17)),
    )


def test_stages_reached_and_conversion_from_the_stage_before(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, conversion_history)
    assert d is not None
    assert [(step.stage, step.reached) for step in d.funnel] == [
        (S.ENQUIRY, 6),
        (S.FIRST_CONVERSATION, 4),
        (S.HOME_VISIT, 3),
        (S.APPLICATION, 3),
        (S.ASSESSMENT, 2),
        (S.PANEL, 2),
        (S.APPROVED, 2),
    ]
    assert [step.from_previous for step in d.funnel] == [
        None,
        pytest.approx(4 / 6),
        pytest.approx(3 / 4),
        1.0,
        pytest.approx(2 / 3),
        1.0,
        1.0,
    ]
    assert d.withdrawn == 1


def test_application_and_approval_rates_by_channel(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, conversion_history)
    assert d is not None
    rows = {row.channel: (row.enquiries, row.applications, row.approvals) for row in d.conversion_by_channel}
    assert rows == {
        Channel.WEB: (2, 1, 1),
        Channel.PEER_REFERRAL: (2, 2, 1),
        Channel.EVENT: (1, 0, 0),
        Channel.CAMPAIGN: (1, 0, 0),
    }
    peer = next(row for row in d.conversion_by_channel if row.channel is Channel.PEER_REFERRAL)
    assert (peer.application_rate, peer.approval_rate) == (1.0, 0.5)
    overall = d.conversion_overall
    assert (overall.enquiries, overall.applications, overall.approvals) == (6, 3, 2)
    assert overall.application_rate == 0.5 and overall.label == "All channels"
    assert d.national_application_rate == 0.12
    assert d.beats_national_application_rate is True


def test_the_national_figure_is_configurable(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, conversion_history, national_application_rate=0.6)
    assert d is not None
    assert d.beats_national_application_rate is False


def test_annual_saving_is_one_placement_per_household_approved_in_the_period(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, conversion_history)
    assert d is not None
    assert d.approved_in_period == 1  # the peer referral was approved on 3 March, before the period
    assert (d.saving_per_placement_gbp, d.annual_saving_gbp) == (17000, 17000)


def test_the_saving_per_placement_is_configurable(world, database_url) -> None:  # type: ignore[no-untyped-def]
    d = dashboard_for(database_url, world, conversion_history, saving_per_placement_gbp=20000, weeks=6)
    assert d is not None
    assert d.approved_in_period == 2  # six weeks reach back to 24 February
    assert d.annual_saving_gbp == 40000


def test_another_council_sees_only_its_own(world, database_url) -> None:  # type: ignore[no-untyped-def]
    async def both(session, east, west):  # type: ignore[no-untyped-def]
        await weekly_history(session, east, west)
        await conversion_history(session, east, west)

    d = dashboard_for(database_url, world, both, actor="west_manager")
    assert d is not None
    assert [w.total for w in d.weeks] == [1, 0, 0, 0]
    assert d.campaign_codes == [("WESTCODE", 1)]
    assert [step.reached for step in d.funnel] == [2, 1, 1, 1, 1, 1, 1]
    assert d.approved_in_period == 1
