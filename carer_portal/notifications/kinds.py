"""Which kinds of notification each role can choose, in that role's words.

A kind is offered only to the roles it is actually sent to, and only once the feature that
sends it exists: the supervising social worker's replies (messaging), review meetings and the
carers' "how are you doing" question join the carers' list as those features land. Account
notifications (a sign-in link, a test) are not a choice: they always come.
"""

from __future__ import annotations

from carer_portal.notifications.models import NotificationKind
from carer_portal.people.models import Role

K = NotificationKind

CHOICES: dict[Role, list[tuple[NotificationKind, str]]] = {
    # A friend they invited has a first conversation, or is approved (recruitment/referrals).
    Role.CARER: [
        (K.MESSAGES, "News from the fostering service, such as how a friend you invited is getting on")
    ],
    # After the first conversation: how do you feel about fostering now? (recruitment/inbox).
    Role.ENQUIRER: [(K.PROMPTS, "Now and then, a one-tap question about how you feel about fostering")],
    # A carer of a household they supervise adds a note about a child (children/observations.py).
    Role.SUPERVISING_SOCIAL_WORKER: [(K.MESSAGES, "When a carer you support adds a note about a child")],
}

INTRODUCTION: dict[Role, str] = {
    Role.CARER: "We can let you know on your phone when there is news for you from the fostering service.",
    Role.ENQUIRER: "We can let you know on your phone when we have a question for you about your enquiry.",
    Role.SUPERVISING_SOCIAL_WORKER: (
        "We can let you know on your phone when a carer you support adds a note about a child. "
        "The notification never says which child or what was written."
    ),
}
STAFF_INTRODUCTION = (
    "You get notifications about your account, such as the test below. There is nothing else to choose yet."
)


def choices_for(role: Role) -> list[tuple[NotificationKind, str]]:
    return CHOICES.get(role, [])


def introduction_for(role: Role) -> str:
    return INTRODUCTION.get(role, STAFF_INTRODUCTION)
