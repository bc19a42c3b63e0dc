"""The demo council's carers' stories: invented, in carers' own voices."""

from __future__ import annotations

from inspect import cleandoc

from carer_portal.demo.data import DemoStory

# Stories never name or describe an identifiable child: they are public pages.
STORIES = (
    DemoStory(
        "ngozi-and-daniel",
        "Ngozi and Daniel",
        "Couple with two grown-up children",
        "Northfield",
        "People warned us about teenagers. Nobody told us how much we'd laugh.",
        cleandoc("""
            When our own two left for university, the house went very quiet. Daniel said it first: we
            had the room, and we still had plenty to give.

            We asked to care for teenagers because we'd just raised two. That helped, but it didn't
            prepare us for everything. A young person who has been let down by adults will test whether
            you mean it. Some weeks that means slammed doors and long silences in the car.

            What gets us through is being a team, and knowing we're not on our own. Our social worker
            always rings back, and the Northfield carers' group meets once a month for coffee and honest
            talk.

            The good days are very good. A school report that says "settled". A kitchen full of noise on
            a Friday night. Being asked, out of nowhere, what we think about college.
        """),
        "teenagers,working-carers",
        20,
        "couple,working",
    ),
    DemoStory(
        "sam",
        "Sam",
        "Single carer, works three days a week",
        "Eastbrook town centre",
        "I wondered if I'd be enough on my own. What children need most is someone who keeps turning up.",
        cleandoc("""
            I work three days a week at the library. For years I assumed fostering was for couples with
            a big house. At my first information evening I found out it isn't.

            I look after a brother and sister. Staying together matters enormously to them. Whatever
            else has changed, they still have each other.

            It isn't always easy. Two sets of homework, two sets of feelings, and one of me. Some evenings I
            sit down at nine and realise I haven't eaten. I've learned to ask for help, and the team
            found a support carer the children know and like.

            If you're single and wondering, ask. The worst that happens is a good conversation.
        """),
        "single-carers,siblings,working-carers",
        45,
        "single,working",
    ),
    DemoStory(
        "shirin-and-rahim",
        "Shirin and Rahim",
        "Couple with a teenage son",
        "Ashby Marsh",
        "Short breaks give a family a weekend to rest, and a child a weekend of fun. Everyone gains.",
        cleandoc("""
            We started with short breaks: a child stays with us one weekend a month so their family can
            rest. Rahim's sister has cerebral palsy, so disability never put us off.

            Every child is different. Before the first stay we spend time with the family and learn what
            matters: how someone likes their food, the song that helps at bedtime, the signs that they're
            getting tired.

            Our son is part of it too. He's the one the younger children ask for, and he's become
            more patient than either of us.

            Some days are hard work, and the training has been worth every hour. We always know who to
            call, even at two in the morning.
        """),
        "short-breaks,disabled-children",
        80,
        "couple,with-children",
    ),
    DemoStory(
        "kwame-and-lucy",
        "Kwame and Lucy",
        "Couple, fostering for the first time",
        "Kingsmead",
        "We were nervous about the assessment. It felt less like an exam and more like someone "
        "getting to know us.",
        cleandoc("""
            We talked about fostering for years but never picked up the phone. A friend who fosters
            finally said: "Just ask them. They don't bite."

            The assessment takes months, and it's personal. We talked about our own childhoods, our
            relationship, how we handle stress. It was more useful than we expected.

            Our first placement lasted a few months, and then he went home to family. Saying goodbye was
            hard. We cried in the car. But we'd helped him get ready for that move, and that's the
            point.

            Kwame teaches and Lucy works from home, and we make it work. We're in the first-year
            carers' group now. Nobody expects you to know everything on day one.
        """),
        "first-time-carers,working-carers",
        14,
        "couple,working",
    ),
    DemoStory(
        "janet",
        "Janet",
        "Grandmother, fostering for twelve years",
        "Little Haddon",
        "I'm not there to judge a young mum. I'm there to show her she can do this.",
        cleandoc("""
            For the last five years I've done parent-and-child fostering. A young mum and her baby
            live with me, usually for a few months, while she shows she can care for her baby safely.

            You're caring for two people, and one of them is an adult who may not trust anyone from
            "the council". I make a lot of tea. I listen more than I talk.

            I keep records, and I'm honest in them: the good and the hard. The mums read what I write.
            I'd rather they hear it from me first.

            Not every placement ends with mum and baby going home together. When it does, there is
            nothing like it. I still get photos at Christmas.
        """),
        "parent-and-child",
        200,
        "single,retired",
    ),
    DemoStory(
        "dev-and-mark",
        "Dev and Mark",
        "Couple, fostering brothers and sisters",
        "Northfield",
        "Three children arrived with one bag between them. Now there are football boots everywhere.",
        cleandoc("""
            We said yes to three siblings on a Tuesday night. By Friday we had bunk beds.

            Draft: Dev is adding a paragraph about the first school parents' evening.
        """),
        "siblings",
        None,
        "couple",
    ),
)
