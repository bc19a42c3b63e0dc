"""The demo council's enquiries at every stage, and its information events."""

from __future__ import annotations

from carer_portal.demo.data import DemoEnquiry, E

ENQUIRIES = (
    DemoEnquiry(
        "Chloe Bennett",
        "chloe.bennett@example.com",
        "07700 900142",
        "EB4 7QT",
        "single",
        "web",
        "I'm a teaching assistant and every week I see children who just need someone steady. "
        "I've got a spare room and I keep coming back to the idea. I'm single and I rent. "
        "Does that rule me out?",
        ((E.ENQUIRY, 1, "21:14"),),
        has_account=True,
        reasons="make-a-difference,experience",
        best_time="evening",
        feelings=("more",),
    ),
    DemoEnquiry(
        "Tomasz Zieliński",
        "tomasz.zielinski@example.com",
        "07700 900388",
        "EB12 6DL",
        "couple-with-children",
        "event",
        "We chatted to your team at the Kingsmead summer fair. Our two are both at school now "
        "and we feel we have more to give. We'd like to hear about short breaks to start with.",
        ((E.ENQUIRY, 4, "13:05"),),
        reasons="room-and-time,local-children",
        best_time="afternoon",
        feelings=("same",),
    ),
    DemoEnquiry(
        "Aaliyah Reid",
        "aaliyah.reid@example.com",
        "07700 900517",
        "EB3 9HN",
        "couple",
        "peer-referral",
        "Ngozi from our church has fostered for years and she said we should get in touch. "
        "Jordan and I have talked about it for a long time. We'd love to know more about "
        "looking after teenagers.",
        ((E.ENQUIRY, 9, "20:30"),),
        reasons="know-a-carer,make-a-difference",
        best_time="evening",
        referred_by="ngozi.okafor@example.com",
        feelings=("more",),
    ),
    DemoEnquiry(
        "Helen Chen",
        "helen.chen@example.com",
        "07700 900263",
        "EB7 2WS",
        "couple",
        "web",
        "I grew up with foster brothers and sisters and I saw what my mum gave them. Now our "
        "daughter has left home, my partner and I would like to do the same.",
        ((E.ENQUIRY, 17, "07:50"), (E.FIRST_CONVERSATION, 16, "11:00")),
        reasons="room-and-time",
        best_time="morning",
        feelings=("more", "more"),
    ),
    DemoEnquiry(
        "Imran Hussain",
        "imran.hussain@example.com",
        "07700 900731",
        "EB2 5FJ",
        "couple-with-children",
        "peer-referral",
        "My brother-in-law fosters with Eastbrook. He's never said it's easy, but he says it's "
        "the best thing he's done. We've talked it through with our son and he's keen. We'd like "
        "to give something back to the town we grew up in.",
        ((E.ENQUIRY, 33, "22:10"), (E.FIRST_CONVERSATION, 31, "10:15"), (E.HOME_VISIT, 19, "14:00")),
        has_account=True,
        reasons="know-a-carer,local-children",
        referred_by="kwame.mensah@example.com",
        feelings=("same", "more"),
    ),
    DemoEnquiry(
        "Rachel Pritchard",
        "rachel.pritchard@example.com",
        "07700 900904",
        "EB15 8PX",
        "couple",
        "event",
        "We came to the information evening at Eastbrook library. Our three have all left home and "
        "we miss the noise. Owen coaches youth football and I've worked in schools for 20 years.",
        (
            (E.ENQUIRY, 64, "19:45"),
            (E.FIRST_CONVERSATION, 63, "09:30"),
            (E.HOME_VISIT, 55, "15:00"),
            (E.APPLICATION, 41, "10:00"),
            (E.ASSESSMENT, 34, "11:30"),
        ),
        reasons="room-and-time,experience",
        best_time="evening",
        feelings=("more", "more"),
    ),
    DemoEnquiry(
        # Compressed into 90 days for the demo; a real assessment usually takes four to six months.
        "Gloria Adeyemi",
        "gloria.adeyemi@example.com",
        "07700 900625",
        "EB9 3LU",
        "single",
        "web",
        "I retired from nursing last year and I'm not ready to stop caring for people. I brought "
        "up my son on my own, and I know how much one steady adult can matter to a child.",
        (
            (E.ENQUIRY, 89, "12:20"),
            (E.FIRST_CONVERSATION, 88, "10:00"),
            (E.HOME_VISIT, 81, "14:30"),
            (E.APPLICATION, 74, "09:45"),
            (E.ASSESSMENT, 68, "10:00"),
            (E.PANEL, 12, "10:00"),
            (E.APPROVED, 5, "15:00"),
        ),
        reasons="experience,make-a-difference",
        best_time="morning",
        feelings=("more", "more"),
    ),
    DemoEnquiry(
        "Liam O'Connor",
        "liam.oconnor@example.com",
        "07700 900859",
        "EB1 4RT",
        "single",
        "web",
        "I was in care for a while when I was young, and I had one foster carer who changed "
        "everything for me. I'd like to be that person for someone else one day.",
        ((E.ENQUIRY, 47, "18:00"), (E.FIRST_CONVERSATION, 45, "16:00"), (E.WITHDRAWN, 38, "12:00")),
        reasons="make-a-difference",
        feelings=("more", "less"),
    ),
)


# Information evenings coming up: (days from today, title, place, what happens).
INFO_EVENTS = (
    (
        6,
        "Fostering information evening",
        "Eastbrook Library, Market Street",
        "Meet carers and our team, ask anything, no commitment. Tea and biscuits.",
    ),
    (
        13,
        "Online information session",
        "Online (we email you the link)",
        "An hour on your phone or computer, with time for questions. Cameras optional.",
    ),
    (
        27,
        "Coffee morning with foster carers",
        "Kingsmead Community Centre",
        "An informal chat with carers who foster with Eastbrook about what it is really like.",
    ),
)
