"""The demo children's needs profiles and their carers' notes. Everything here is invented.

Each child has two or three profiles over the last few years, rated on the default framework
(carer_portal/children/needs/default_framework.yaml), so the chart on their page shows change:
some areas need more support than before, most need less. The words are written the way we
want profiles written: strengths first, warm, practical, in plain English. Dates are days
before the demo was loaded; a note is "seen" when the supervising social worker has read it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

# The default framework's areas, in its order: each profile's levels and notes follow it.
DOMAINS = (
    "health",
    "education",
    "emotional-behaviour",
    "identity",
    "relationships",
    "social-presentation",
    "self-care",
)


@dataclass(frozen=True)
class DemoProfile:
    days_ago: int
    levels: tuple[int, int, int, int, int, int, int]
    notes: tuple[str, str, str, str, str, str, str]
    strengths: str
    enjoys: str
    what_helps: str
    what_to_avoid: str
    communication: str
    routines: str
    food: str
    sleep: str
    school: str
    health_appointments: str
    family_time: str


@dataclass(frozen=True)
class DemoNote:
    days_ago: int
    author: str  # a carer of the child's household, by email
    text: str
    seen: bool


_CALLUM_FIRST = DemoProfile(
    days_ago=1120,
    levels=(1, 3, 3, 2, 3, 2, 1),
    notes=(
        "Mild asthma; uses his brown inhaler morning and night.",
        "Missed most of Year 8 before coming into care. Bright, but a long way behind in maths.",
        "Slow to trust adults. Can shut down or storm off when he feels blamed.",
        "Wants to know more about his dad's family in Glasgow.",
        "Close to his younger sister, who lives with their gran. Wary of new adults.",
        "Takes pride in his trainers and his hair; can look scruffy when low.",
        "Can cook simple meals and look after his own things.",
    ),
    strengths=(
        "Callum is funny, loyal and quick to stand up for younger children. "
        "He is a natural footballer and a patient teacher of anyone who wants to learn."
    ),
    enjoys="Football (he plays in goal), grime music, cooking breakfast for everyone at weekends.",
    what_helps=(
        "Plenty of warning before changes. Talking side by side (in the car, cooking) rather than face "
        "to face. Being trusted with real jobs."
    ),
    what_to_avoid=(
        "Raised voices, and being asked 'why did you do that?' straight after something has gone wrong."
    ),
    communication="Says little when he is worried; a text often works better than a conversation.",
    routines="Likes a lie-in at weekends. Training on Tuesday and Thursday evenings.",
    food="Eats most things. Loves spicy food; not keen on fish.",
    sleep="Sleeps with the landing light on. Often awake late; phones stay downstairs after 10pm.",
    school="Eastbrook Academy, Year 8. Catch-up maths with Mr Haddad three mornings a week.",
    health_appointments="Asthma review with the practice nurse every 6 months. Dentist due.",
    family_time="Sees his sister and gran every other Saturday afternoon at the family centre.",
)
_CALLUM_SECOND = replace(
    _CALLUM_FIRST,
    days_ago=640,
    levels=(1, 2, 3, 2, 2, 1, 1),
    notes=(
        "Asthma well controlled.",
        "Caught up a lot this year; now in the middle set for maths.",
        "Still slow to trust, but comes to Ngozi when something is wrong.",
        "Has started a life-story book with his social worker.",
        "Sister and gran visits going well; now also sees them at home.",
        "Looks after his appearance again; proud of his new kit.",
        "Managing his own money with a little help.",
    ),
    what_helps=(
        "Plenty of warning before changes. Talking side by side (in the car, cooking). Being trusted "
        "with real jobs: he now helps coach the under-10s."
    ),
    school="Eastbrook Academy, Year 9. Catch-up maths has finished; homework club on Wednesdays.",
    family_time="Sees his sister and gran every other Saturday, now at his gran's house.",
)
_CALLUM_LATEST = replace(
    _CALLUM_SECOND,
    days_ago=120,
    levels=(2, 2, 2, 1, 2, 1, 0),
    notes=(
        "Knee injury playing football; physiotherapy every fortnight until it has healed.",
        "On track for his GCSEs; wants to study sport at college.",
        "Much more settled. Still needs time on his own after a hard day.",
        "Proud of his Scottish roots; visited Glasgow with his dad's cousin.",
        "Strong bond with the Okafors. Sister visits going well.",
        "Confident and well turned out.",
        "Cooks for the family once a week and manages his own money.",
    ),
    strengths=(
        "Callum is funny, loyal and kind, especially to younger children: he helps coach the under-10s "
        "on Saturdays. He works hard when something matters to him, and his GCSE predictions show it."
    ),
    what_helps=(
        "Plenty of warning before changes. Talking side by side rather than face to face. Being trusted "
        "with real responsibility, and being told when he has done well."
    ),
    what_to_avoid=(
        "Raised voices. Talking about his mum's news without planning it with his social worker first."
    ),
    communication="Says more than he used to. Will text Ngozi from his room if something is on his mind.",
    routines="Football training on Tuesday and Thursday. Physiotherapy on alternate Mondays after school.",
    school="Eastbrook Academy, Year 10. GCSE courses started; homework club on Wednesdays.",
    health_appointments="Physiotherapy at Eastbrook Hospital every other Monday. Asthma review in March.",
)

_AMARA_FIRST = DemoProfile(
    days_ago=700,
    levels=(2, 2, 3, 2, 3, 1, 2),
    notes=(
        "Eczema on her hands and arms; needs cream twice a day.",
        "Reading is behind; she is bright and catches on quickly with one-to-one help.",
        "Worries a great deal about her brother Kai, and can be bossy with him when scared.",
        "Knows little about her Nigerian heritage and wants to know more.",
        "Very close to Kai. Relationship with her mum is loving but unpredictable.",
        "Takes care over how she looks.",
        "Tries to look after Kai as well as herself; needs permission to be a child.",
    ),
    strengths=(
        "Amara is thoughtful, creative and fiercely loving towards her little brother. "
        "She notices how other people are feeling and wants to help."
    ),
    enjoys="Drawing, dancing in the kitchen, and anything with glitter.",
    what_helps="Knowing the plan for the day, and being told that the grown-ups are looking after Kai.",
    what_to_avoid="Being separated from Kai without an explanation.",
    communication="Chatty and expressive. Draws pictures when she cannot find the words.",
    routines="Morning cream, then breakfast with Kai. Bath every other night.",
    food="Good eater. No eggs (they make her eczema worse).",
    sleep="Shares a room with Kai and settles best when she can see him.",
    school="St Mary's Primary, Year 1.",
    health_appointments="Dermatology clinic every 3 months.",
    family_time="Supervised contact with her mum once a fortnight, with Kai.",
)
_AMARA_SECOND = replace(
    _AMARA_FIRST,
    days_ago=185,
    levels=(1, 2, 3, 2, 2, 1, 1),
    notes=(
        "Eczema much better with the new cream.",
        "Reading is improving with daily practice at home.",
        "Still worries about Kai; starting to let Sam take the lead.",
        "Enjoys the Nigerian cookery book Sam bought; wants to learn some Yoruba words.",
        "Settling with Sam; asks about her mum often.",
        "Takes care over how she looks.",
        "Starting to let the adults do the looking after.",
    ),
    school="St Mary's Primary, Year 3. Reading with a teaching assistant every morning.",
    health_appointments="Dermatology clinic every 6 months.",
    family_time="Supervised contact with her mum once a fortnight, with Kai, at the family centre.",
)
_AMARA_LATEST = replace(
    _AMARA_SECOND,
    days_ago=30,
    levels=(1, 1, 2, 2, 3, 1, 1),
    notes=(
        "Eczema well managed.",
        "Reading at the expected level: a huge achievement this year.",
        "Much calmer; bedtime worries are rarer.",
        "Learning Yoruba words with a family friend of Sam's.",
        "Mum has missed the last three contacts, and Amara is sad and unsettled afterwards.",
        "Takes care over how she looks.",
        "Enjoys being trusted with small jobs of her own.",
    ),
    strengths=(
        "Amara is thoughtful, creative and brave. She has worked so hard on her reading this year and "
        "now reads bedtime stories to Kai. She is kind to everyone at school."
    ),
    what_helps=(
        "Knowing the plan for the day. Time to draw after family time. Being told, often, that Kai is "
        "safe and the grown-ups are looking after him."
    ),
    what_to_avoid="Promising that her mum will come to contact: say what is planned, not what will happen.",
)

_KAI_FIRST = DemoProfile(
    days_ago=560,
    levels=(2, 1, 2, 1, 2, 1, 2),
    notes=(
        "Frequent ear infections; a hearing test is booked.",
        "Enjoying nursery, especially outdoors.",
        "Big feelings at bedtime and when his sister is out of sight.",
        "Too young to ask much yet; loves his photo book.",
        "Follows Amara everywhere.",
        "Happy, well cared for.",
        "Still in nappies at night.",
    ),
    strengths="Kai is cheerful, cuddly and full of energy. He makes friends wherever he goes.",
    enjoys="Diggers, splashing in puddles, and being chased round the garden.",
    what_helps="A countdown before things end, and a cuddle with his blue blanket.",
    what_to_avoid="Loud, crowded places when he is tired.",
    communication="Talks in short sentences; points and shows you what he wants.",
    routines="Up early. Nap after lunch at weekends.",
    food="Fussy about textures; loves pasta and bananas.",
    sleep="Needs his blue blanket and a night light.",
    school="Little Acorns Nursery, mornings.",
    health_appointments="Hearing test at the audiology clinic.",
    family_time="Supervised contact with his mum once a fortnight, with Amara.",
)
_KAI_LATEST = replace(
    _KAI_FIRST,
    days_ago=205,
    levels=(1, 2, 2, 1, 2, 1, 2),
    notes=(
        "Grommets fitted; no ear infections since, and his hearing is normal.",
        "Started Year 1. His teacher thinks his speech needs a little extra help.",
        "Still has big feelings at bedtime; settles with his routine.",
        "Loves his photo book and asks about the people in it.",
        "Follows Amara everywhere; starting to play with other children too.",
        "Happy, well cared for.",
        "Dry at night most nights now.",
    ),
    strengths=(
        "Kai is cheerful, affectionate and determined. He is learning "
        "new words every week and is proud of them."
    ),
    school="St Mary's Primary, Year 1. Speech and language group on Fridays.",
    health_appointments="Speech and language assessment booked. ENT check in the spring.",
)

_ZOSIA_FIRST = DemoProfile(
    days_ago=420,
    levels=(1, 2, 3, 3, 2, 1, 1),
    notes=(
        "Healthy.",
        "Moved schools three times; some gaps, especially in English writing.",
        "Anxious in new places; can be very quiet for days.",
        "Polish and English at home before care; worried about losing her Polish.",
        "Close to her grandmother in Poland; calls on Sundays.",
        "Neat and careful about how she looks.",
        "Very capable.",
    ),
    strengths=(
        "Zosia is gentle, clever and a gifted artist. She is good with "
        "animals and very kind to younger children."
    ),
    enjoys="Drawing manga, baking, and the Begums' cat.",
    what_helps="Time to watch before joining in. Hearing and speaking Polish.",
    what_to_avoid="Being put on the spot in front of a group.",
    communication="Quiet at first. Writes things down when she finds them hard to say.",
    routines="Likes to get her things ready the night before.",
    food="Vegetarian by choice.",
    sleep="Sleeps well once settled; reads before bed.",
    school="Ashby Marsh Primary, Year 6.",
    health_appointments="None due.",
    family_time="Video calls with her grandmother on Sundays.",
)
_ZOSIA_LATEST = replace(
    _ZOSIA_FIRST,
    days_ago=150,
    levels=(1, 1, 2, 2, 2, 1, 1),
    notes=(
        "Healthy.",
        "Writing has come on a long way; her art teacher wants her in the school exhibition.",
        "More relaxed; still quiet in new places.",
        "Goes to Polish Saturday school and loves it.",
        "Close to her grandmother; Sunday calls continue.",
        "Neat and careful about how she looks.",
        "Very capable.",
    ),
    school="Ashby Marsh Secondary, Year 7. Art club on Thursdays.",
    routines="Polish Saturday school 10am to 1pm. Likes to get her things ready the night before.",
)

_REUBEN_FIRST = DemoProfile(
    days_ago=500,
    levels=(1, 3, 2, 2, 2, 1, 2),
    notes=(
        "Healthy.",
        "Has an education, health and care plan for dyslexia.",
        "Gets frustrated quickly when things are hard.",
        "Proud to be Jewish; likes celebrating the festivals.",
        "Close to his older brother.",
        "Well cared for.",
        "Needs reminders with washing and teeth.",
    ),
    strengths=(
        "Reuben is inventive, generous and brilliant with Lego. He will "
        "happily spend an afternoon building a city."
    ),
    enjoys="Lego, swimming, and anything about space.",
    what_helps="Breaking jobs into small steps, and a timer.",
    what_to_avoid="Long lists of instructions.",
    communication="Talks easily; needs time to process what he hears.",
    routines="Swimming on Saturday mornings.",
    food="Keeps kosher at home; no pork or shellfish.",
    sleep="Needs a story and a chat to wind down.",
    school="Kingsmead Primary, Year 3, with a teaching assistant.",
    health_appointments="Eye test due.",
    family_time="Sees his brother fortnightly.",
)
_REUBEN_LATEST = replace(
    _REUBEN_FIRST,
    days_ago=190,
    levels=(1, 3, 1, 2, 2, 1, 1),
    notes=(
        "Healthy.",
        "Plan reviewed; reading is improving with his new coloured overlay.",
        "Much calmer with a timer and small steps.",
        "Proud to be Jewish; went to a Hanukkah party with his brother.",
        "Close to his older brother.",
        "Well cared for.",
        "Manages washing and teeth with a chart.",
    ),
)

_TEDDY_FIRST = DemoProfile(
    days_ago=400,
    levels=(2, 1, 2, 1, 3, 1, 2),
    notes=(
        "Late with his check-ups and jabs before coming into care.",
        "Talking a little less than most children his age.",
        "Clingy with adults he knows and upset by changes.",
        "Too young to ask questions yet.",
        "Contact with his mum and dad is irregular.",
        "Well cared for now.",
        "Learning to feed himself.",
    ),
    strengths="Teddy is curious, giggly and loves to be with people. He is brave about trying new things.",
    enjoys="Bubbles, the swings, and stacking cups.",
    what_helps="The same songs at the same times of day, and being carried when he is tired.",
    what_to_avoid="Lots of new faces at once.",
    communication="A few words and lots of pointing. Understands far more than he says.",
    routines="Nap after lunch, about 90 minutes.",
    food="Eats well; still learning to use a spoon.",
    sleep="Settles with a song and his bunny.",
    school="Not at nursery yet.",
    health_appointments="Catch-up jabs with the health visitor.",
    family_time="Contact with his mum and dad once a week.",
)
_TEDDY_LATEST = replace(
    _TEDDY_FIRST,
    days_ago=18,
    levels=(3, 1, 2, 1, 2, 1, 2),
    notes=(
        "Newly diagnosed peanut allergy: he carries an adrenaline pen, and "
        "everyone caring for him needs to know how to use it.",
        "Talking more every week.",
        "Settling well with Kwame and Lucy; still upset by sudden changes.",
        "Too young to ask questions yet.",
        "Contact with his mum is now regular and going well.",
        "Well cared for.",
        "Feeding himself with a spoon.",
    ),
    strengths=(
        "Teddy is curious, giggly and sociable. He is brave about trying "
        "new things, and his words are coming on fast."
    ),
    what_helps="The same songs at the same times of day, a warning before changes, and his bunny.",
    food="No peanuts or anything that may contain them. His adrenaline pen goes everywhere with him.",
    school="Starting at Kingsmead Nursery two mornings a week next month.",
    health_appointments="Allergy clinic follow-up in three months. Health visitor review in the spring.",
    family_time="Contact with his mum every Wednesday, at the family centre.",
)

# By the demo child's first name (carer_portal/demo/data.py): oldest profile first.
PROFILES: dict[str, tuple[DemoProfile, ...]] = {
    "Callum": (_CALLUM_FIRST, _CALLUM_SECOND, _CALLUM_LATEST),
    "Amara": (_AMARA_FIRST, _AMARA_SECOND, _AMARA_LATEST),
    "Kai": (_KAI_FIRST, _KAI_LATEST),
    "Zofia": (_ZOSIA_FIRST, _ZOSIA_LATEST),
    "Reuben": (_REUBEN_FIRST, _REUBEN_LATEST),
    "Theodore": (_TEDDY_FIRST, _TEDDY_LATEST),
}

NOTES: dict[str, tuple[DemoNote, ...]] = {
    "Callum": (
        DemoNote(
            40,
            "ngozi.okafor@example.com",
            "Callum cooked jollof rice for the whole family on Sunday, from my mum's recipe. "
            "He was so proud, and asked to write the recipe down for his gran.",
            seen=True,
        ),
        DemoNote(
            4,
            "daniel.okafor@example.com",
            "He was quiet after seeing his sister on Saturday; she has told him she might move schools. "
            "He talked about it in the car on Monday and seemed better for it.",
            seen=False,
        ),
    ),
    "Amara": (
        DemoNote(
            2,
            "sam.hughes@example.com",
            "Amara read a whole chapter book to Kai at bedtime, doing all the voices. "
            "Her mum did not come to contact again, and she cried in the "
            "car, but she was playing happily by tea time.",
            seen=False,
        ),
    ),
    "Kai": (
        DemoNote(
            60,
            "sam.hughes@example.com",
            "Kai said 'I love you Sam' for the first time today, out "
            "of nowhere, while we were building a den.",
            seen=True,
        ),
    ),
    "Zofia": (
        DemoNote(
            30,
            "shirin.begum@example.com",
            "Zosia's drawing of our cat is going in the school art "
            "exhibition. She let us put it on the fridge first.",
            seen=True,
        ),
        DemoNote(
            6,
            "rahim.begum@example.com",
            "She packed her own things for the move and made a card for each of us. "
            "She asked if she could still visit the cat.",
            seen=True,
        ),
    ),
    "Reuben": (
        DemoNote(
            45,
            "kwame.mensah@example.com",
            "Reuben built a Lego model of the solar system with his "
            "brother and explained every planet to us.",
            seen=True,
        ),
    ),
    "Theodore": (
        DemoNote(
            1,
            "lucy.price@example.com",
            "Teddy said 'bubble' and 'more' today, and laughed so much at the bubbles that he got hiccups. "
            "He had his first day without a nap and was fine.",
            seen=False,
        ),
    ),
}
