"""Demo: the public consultations on the candidate specialisations.

- Pavlodar's, held in 2024: closed, with hundreds of comments, stances,
  moderation, "you said, we did" answers, a public hearing and a published
  report.
- Kyzylorda's, open now: fewer stances and comments, a flagged comment in
  the moderators' queue and an upcoming public hearing, so a visitor can take
  part right away.

Each EDP enters the consultation stage with ``edp.demo.advance`` and the
consultation is opened with ``consultation_create_from`` (the service that
refuses outside the consultation stages). Participation is history, so it is
bulk-written with its past dates rather than through the services that
enforce the open window and rate limits; counters are then rebuilt with
``consultation_recount``. Idempotent: keyed by the consultation's title in
its EDP; a second run changes nothing.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.markdown import render_markdown
from edp.demo import KYZYLORDA_SLUG, SLUG, advance, stage_opens
from edp.models import EDPRole, Meeting
from edp.workflow import Stage
from evaluations.models import CandidateSpecialisation
from stakeholders.choices import Helix
from stakeholders.models import Region

from .models import (
    Answer,
    Comment,
    Consultation,
    Flag,
    HearingLink,
    HelpfulMark,
    ModerationAction,
    Stance,
)
from .services import consultation_create_from, consultation_recount

TITLE = "Public consultation on Pavlodar's potential smart specialisations"
KZ_TITLE = "Public consultation on Kyzylorda's potential smart specialisations"
RESIDENTS = 160
KZ_RESIDENTS = 40
# region code → (email prefix, number) of the residents who only took part in consultations
RESIDENT_POOLS = {"pavlodar": ("resident", RESIDENTS), "kyzylorda": ("kz-resident", KZ_RESIDENTS)}
SEED = 2026

OPENINGS = {
    Stance.Position.SUPPORT: [
        "I fully support this direction.",
        "This is exactly what the region needs.",
        "A realistic choice for Pavlodar.",
        "Good idea, and it builds on what we already have.",
    ],
    Stance.Position.NEUTRAL: [
        "I am not sure yet.",
        "It could work, but details matter.",
        "Interesting, with some reservations.",
    ],
    Stance.Position.OPPOSE: [
        "I doubt this will work here.",
        "I do not think this should be a priority.",
        "This has been tried before without results.",
    ],
}
POINTS = [
    "Young specialists leave for Astana and Almaty: we need *training* linked to real jobs.",
    "Small firms should get orders, not only the large plants.",
    "The environmental impact must be measured and published every year.",
    "Please involve the colleges, not just the universities.",
    "Transport costs to the markets are the real barrier.",
    "Access to credit for SMEs is still too hard; the Business Road Map could help.",
    "We need a testing laboratory in the region so firms do not send samples abroad.",
    "Show how this creates jobs in the districts, not only in the city.",
    "Research at the university should be co-financed by the companies that use it.",
    "Water use along the Irtysh must be part of the plan.",
    "Start with a pilot project and clear indicators, then scale.",
    "Women entrepreneurs should be supported explicitly.",
]
KZ_POINTS = [
    "Without saving water nothing else will work here.",
    "Fishing villages near Aralsk need jobs that stay.",
    "Young people should be trained at the university and colleges in Kyzylorda, not only in Almaty.",
    "Small farms must be part of it, not only the big rice companies.",
    "Salinity is the real enemy of our fields.",
    "Local firms should repair the oil companies' equipment.",
    "Tourists already drive the highway: give them a reason to stop.",
    "Publish the water figures every year so we can check progress.",
]
REPLIES = [
    "Agreed, and the colleges in Ekibastuz should be included too.",
    "Good point. Do you have figures on this?",
    "I disagree: the plants already train their own staff.",
    "The chamber of entrepreneurs has data on this, happy to share.",
    "This was discussed at the hearing in October as well.",
]
OFF_TOPIC = [
    ("Buy cheap phones at our shop in the city centre, best prices!", "advertising"),
    ("The road on my street has not been repaired for years.", "off-topic: roads are not part of this consultation"),
    ("People who support this are all paid by the akimat.", "insulting other participants"),
]

ANSWERS = [
    (
        0,
        "Local SMEs must get orders from the large plants",
        Answer.Outcome.ACCEPTED,
        "The action plan includes a supplier development programme with the aluminium smelter and a "
        "yearly matchmaking day for SMEs.",
    ),
    (
        0,
        "Publish the environmental impact every year",
        Answer.Outcome.PARTLY_ACCEPTED,
        "Emissions will be reported yearly in the monitoring; water use indicators follow once the "
        "basin authority shares its data.",
    ),
    (
        1,
        "Cold chains and storage are the real gap",
        Answer.Outcome.ACCEPTED,
        "Two cold storage hubs are planned with co-financing from the Business Road Map.",
    ),
    (
        2,
        "This has been tried before without results",
        Answer.Outcome.NOT_ACCEPTED,
        "Earlier attempts lacked a partner for offtake; the refinery now commits to buying the output "
        "of the pilot line, which changes the economics.",
    ),
    (
        3,
        "Involve the colleges, not only the universities",
        Answer.Outcome.ACCEPTED,
        "Three colleges join the training consortium with Toraighyrov University.",
    ),
    (
        3,
        "Co-finance university research by companies",
        Answer.Outcome.PARTLY_ACCEPTED,
        "A matching grant scheme is proposed; its size is decided in the regional budget.",
    ),
]


def load(ctx) -> None:
    if ctx.get("edp") is not None:
        ctx["consultation"] = _pavlodar(ctx, ctx["edp"])
    if ctx.get("edp_kyzylorda") is not None:
        ctx["consultation_kyzylorda"] = _kyzylorda(ctx, ctx["edp_kyzylorda"])


def _people(ctx, region) -> list:
    return [u for u in ctx["users"].values() if u.region_id == region.pk and not u.is_staff]


def _open(edp, *, coordinator, title, introduction, opens_at, closes_at) -> Consultation:
    """The consultation on the EDP's candidate specialisations, opened with the
    service (which refuses outside the consultation stages), dated."""
    sources = list(CandidateSpecialisation.objects.filter(edp=edp).order_by("position", "pk"))
    consultation = consultation_create_from(
        edp=edp,
        actor=coordinator,
        sources=sources,
        title=title,
        introduction=introduction,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    Consultation.objects.filter(pk=consultation.pk).update(created_at=opens_at - timedelta(days=2))
    return consultation


def _enter_stage(edp, *, coordinator, moderator, reason: str, title: str) -> Consultation | None:
    """Give the EDP its moderator and move it into the consultation stage;
    returns its consultation when an earlier run made it already."""
    EDPRole.objects.get_or_create(edp=edp, user=moderator, role=EDPRole.Role.MODERATOR)
    advance(edp, Stage.CONSULTATION, actor=coordinator, reason=reason)
    return Consultation.objects.filter(edp=edp, title=title).first()


def _pavlodar(ctx, edp) -> Consultation:
    users = ctx["users"]
    coordinator, moderator = users["coordinator"], users["moderator"]
    existing = _enter_stage(
        edp,
        coordinator=coordinator,
        moderator=moderator,
        reason="The panel's shortlist is grouped into four candidate specialisations; they go to public consultation.",
        title=TITLE,
    )
    if existing is not None:
        return existing

    start = stage_opens(SLUG, Stage.CONSULTATION)
    opens_at, closes_at = start + timedelta(days=5), start + timedelta(days=45)
    consultation = _open(
        edp,
        coordinator=coordinator,
        title=TITLE,
        introduction=(
            "The evaluation of ideas produced a short list of **potential smart specialisations** for "
            "Pavlodar Region. Before the akimat selects its priorities, tell us what you think of each: "
            "take a stance, comment, and read what others say.\n\n"
            "- Is this something the region can become good at?\n- Who should be involved?\n"
            "- What would make it fail?"
        ),
        opens_at=opens_at,
        closes_at=closes_at,
    )
    crowd = participate(ctx, consultation, opens_at=opens_at, until=closes_at, per_item=(70, 90), seed=SEED)
    items, people, rng = crowd.items, crowd.people, crowd.rng
    _moderation(consultation, items[0], people, moderator, rng, opens_at)
    _answers(consultation, items, crowd.comments, coordinator, closes_at)
    _hearing(consultation, edp, coordinator, HEARING, opens_at + timedelta(days=14), minutes=HEARING_MINUTES)
    consultation_recount(consultation=consultation)
    consultation.report_summary = (
        "More than a hundred and fifty people took part. Support was strongest for **agri-food "
        "processing** and the **energy transition**; petrochemicals divided opinion. The most helpful comments "
        "asked for training linked to jobs, orders for local SMEs and published environmental data. The "
        "answers below say what changed in the draft priorities."
    )
    consultation.report_published_at = closes_at + timedelta(days=7)
    consultation.report_published_by = coordinator
    consultation.save()
    return consultation


def _kyzylorda(ctx, edp) -> Consultation:
    """Open now: a visitor can take a stance and comment right away."""
    users = ctx["users"]
    existing = _enter_stage(
        edp,
        coordinator=users["coordinator_kyzylorda"],
        moderator=users["moderator"],
        reason="Three candidate specialisations came out of the evaluation; residents now have their say.",
        title=KZ_TITLE,
    )
    if existing is not None:
        return existing
    coordinator = users["coordinator_kyzylorda"]

    start = stage_opens(KYZYLORDA_SLUG, Stage.CONSULTATION)
    # Opened two days into the stage; closes on the stage plan's last day at 18:00 in Almaty.
    opens_at, closes_at = start + timedelta(days=2), start + timedelta(days=33, hours=8)
    consultation = _open(
        edp,
        coordinator=coordinator,
        title=KZ_TITLE,
        introduction=(
            "Experts have shortlisted the ideas of Kyzylorda's businesses, researchers and residents into "
            "three **potential smart specialisations**. Which should the region choose? Take a stance on "
            "each, say why in a comment, and come to the public hearing."
        ),
        opens_at=opens_at,
        closes_at=closes_at,
    )
    now = timezone.now()
    crowd = participate(
        ctx,
        consultation,
        opens_at=opens_at,
        until=now - timedelta(hours=2),
        per_item=(8, 14),
        seed=SEED + 1,
        points=KZ_POINTS,
    )
    items, people, rng = crowd.items, crowd.people, crowd.rng
    _flagged(
        consultation,
        items[0],
        people,
        rng,
        now - timedelta(days=1),
        body="Everyone who supports this is paid by the rice companies.",
        reason=Flag.Reason.OFF_TOPIC,
    )
    _hearing(consultation, edp, coordinator, KZ_HEARING, (opens_at + timedelta(days=17)).replace(hour=8))
    consultation_recount(consultation=consultation)
    return consultation


@dataclass
class Crowd:
    items: list
    people: list
    comments: list
    rng: random.Random


def participate(ctx, consultation, *, opens_at, until, per_item, seed, points=None, share=1.0) -> Crowd:
    """People of the EDP's region (demo people and residents who only took
    part here) take stances, comment, reply and mark comments helpful between
    ``opens_at`` and ``until``; counters are rebuilt. ``share`` of them take part."""
    rng = random.Random(seed)
    region = consultation.edp.region
    prefix, count = RESIDENT_POOLS[region.code]
    people = _people(ctx, region) + _residents(ctx, rng, prefix=prefix, count=count, home=region)
    if share < 1:
        people = rng.sample(people, int(len(people) * share))
    items = list(consultation.items.order_by("position"))
    _stances(items, people, rng)
    comments = _comments(items, people, rng, opens_at, until, per_item=per_item, points=points)
    _helpful(comments, people, rng)
    _backdate(consultation, items, opens_at, until)
    consultation_recount(consultation=consultation)
    return Crowd(items=items, people=people, comments=comments, rng=rng)


def _residents(ctx, rng, *, prefix: str, count: int, home) -> list:
    """Residents who took part only in the consultation (they cannot sign in)."""
    User = get_user_model()
    regions = list(Region.objects.order_by("code"))
    emails = [f"{prefix}{i:03d}@demo.edp.kz" for i in range(1, count + 1)]
    known = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    helices = [Helix.CIVIL_SOCIETY] * 5 + [Helix.INDUSTRY] * 2 + [Helix.ACADEMIA, Helix.GOVERNMENT]
    new = []
    for email in emails:
        if email in known:
            continue
        user = User(
            email=email,
            display_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            region=home if rng.random() < 0.8 else rng.choice(regions),
            helix=rng.choice(helices),
        )
        user.set_unusable_password()
        new.append(user)
    User.objects.bulk_create(new)
    return list(User.objects.filter(email__in=emails).order_by("email"))


FIRST = [
    "Aidos",
    "Aigul",
    "Nurlan",
    "Saltanat",
    "Yerlan",
    "Zarina",
    "Oleg",
    "Natalia",
    "Kairat",
    "Dinara",
    "Arman",
    "Elena",
]
LAST = [
    "Abenov",
    "Sadykova",
    "Ivanov",
    "Kuanyshev",
    "Tokhtarova",
    "Smagulov",
    "Fedorova",
    "Nurgaliyev",
    "Kim",
    "Omarov",
]


def _stances(items, people, rng) -> None:
    weights = [(0.55, 0.25), (0.7, 0.2), (0.35, 0.3), (0.6, 0.3)]
    rows = []
    for i, item in enumerate(items):
        support, neutral = weights[i % len(weights)]
        for person in people:
            if rng.random() < 0.25:
                continue
            r = rng.random()
            position = (
                Stance.Position.SUPPORT
                if r < support
                else (Stance.Position.NEUTRAL if r < support + neutral else Stance.Position.OPPOSE)
            )
            rows.append(
                Stance(
                    item=item, user=person, position=position, helix=person.effective_helix, region_id=person.region_id
                )
            )
    Stance.objects.bulk_create(rows)


def _comment(item, author, body, when, parent=None, **extra) -> Comment:
    return Comment(
        item=item,
        parent=parent,
        author=author,
        body=body,
        body_html=str(render_markdown(body)),
        author_helix=author.effective_helix,
        author_region_id=author.region_id,
        show_as_resident=extra.pop("show_as_resident", False),
        **extra,
    ), when


def _comments(items, people, rng, opens_at, closes_at, *, per_item, points=None) -> list[Comment]:
    points = points or POINTS
    span = (closes_at - opens_at).total_seconds()
    tops, times = [], []
    for item in items:
        for _ in range(rng.randint(*per_item)):
            author = rng.choice(people)
            position = rng.choice(list(OPENINGS))
            body = f"{rng.choice(OPENINGS[position])} {rng.choice(points)}"
            if rng.random() < 0.3:
                body += f"\n\n- {rng.choice(points)}\n- {rng.choice(points)}"
            comment, when = _comment(
                item,
                author,
                body,
                opens_at + timedelta(seconds=rng.random() * span),
                show_as_resident=rng.random() < 0.2 and author.region_id is not None,
            )
            tops.append(comment)
            times.append(when)
    created = Comment.objects.bulk_create(tops)
    replies, reply_times = [], []
    for comment, when in zip(created, times, strict=True):
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                reply, at = _comment(
                    comment.item,
                    rng.choice(people),
                    rng.choice(REPLIES),
                    when + timedelta(hours=rng.randint(1, 48)),
                    parent=comment,
                )
                replies.append(reply)
                reply_times.append(min(at, closes_at - timedelta(minutes=rng.randint(1, 600))))
    created_replies = Comment.objects.bulk_create(replies)
    everything = created + created_replies
    for comment, when in zip(everything, times + reply_times, strict=True):
        comment.created_at = when
    Comment.objects.bulk_update(everything, ["created_at"])
    return created


def _helpful(comments, people, rng) -> None:
    marks = []
    for comment in comments:
        for person in rng.sample(people, k=min(len(people), int(rng.paretovariate(1.5)) - 1)):
            if person.pk != comment.author_id:
                marks.append(HelpfulMark(comment=comment, user=person))
    HelpfulMark.objects.bulk_create(marks, ignore_conflicts=True)


def _moderation(consultation, item, people, moderator, rng, opens_at) -> None:
    when = opens_at + timedelta(days=3)
    made = []
    for body, reason in OFF_TOPIC:
        comment, _ = _comment(
            item, rng.choice(people), body, when, status=Comment.Status.HIDDEN, moderation_reason=reason
        )
        comment.save()
        made.append(comment.pk)
        flaggers = rng.sample(people, 2)
        Flag.objects.bulk_create(
            [
                Flag(comment=comment, user=u, reason=Flag.Reason.OFF_TOPIC, reviewed_at=when, reviewed_by=moderator)
                for u in flaggers
            ]
        )
        ModerationAction.objects.create(
            consultation=consultation,
            kind=ModerationAction.Kind.HIDE,
            comment=comment,
            target_user_id=comment.author_id,
            actor=moderator,
            reason=reason,
        )
    # Auto-hidden by three flags, still waiting for the moderator.
    _flagged(
        consultation,
        item,
        people,
        rng,
        when,
        body="The figures in this proposal are invented by the akimat.",
        reason=Flag.Reason.MISINFORMATION,
    )
    # Flagged, reviewed and kept.
    kept, _ = _comment(item, rng.choice(people), "Honestly, the smelter's emissions worry me more than jobs.", when)
    kept.save()
    made.append(kept.pk)
    ModerationAction.objects.create(
        consultation=consultation,
        kind=ModerationAction.Kind.DISMISS_FLAGS,
        comment=kept,
        target_user_id=kept.author_id,
        actor=moderator,
        reason="a legitimate opinion",
    )
    Comment.objects.filter(pk__in=made).update(created_at=when)
    Flag.objects.filter(comment__in=made).update(created_at=when + timedelta(hours=5))
    ModerationAction.objects.filter(comment__in=made).update(created_at=when + timedelta(days=1))


def _backdate(consultation, items, opens_at, until) -> None:
    """Stances and helpful marks were given while the consultation was open
    (bulk inserts date them now)."""
    span = until - opens_at
    for i, item in enumerate(items, start=1):
        when = opens_at + span * i / (len(items) + 1)
        Stance.objects.filter(item=item).update(created_at=when, updated_at=when)
        HelpfulMark.objects.filter(comment__item=item).update(created_at=min(until, when + span / 4))


def _answers(consultation, items, comments, coordinator, closes_at) -> None:
    for index, summary, outcome, reason in ANSWERS:
        item = items[index % len(items)]
        on_item = [c for c in comments if c.item_id == item.pk]
        answer = Answer.objects.create(
            consultation=consultation, item=item, summary=summary, outcome=outcome, reason=reason, author=coordinator
        )
        answer.comments.set(on_item[len(answer.summary) % 7 :: 17][:4])
    Answer.objects.filter(consultation=consultation).update(created_at=closes_at + timedelta(days=3))


def _flagged(consultation, item, people, rng, when, *, body: str, reason: str) -> None:
    """A comment three people flagged: hidden until the moderator reviews it."""
    pending, _ = _comment(item, rng.choice(people), body, when, status=Comment.Status.PENDING_REVIEW)
    pending.save()
    Comment.objects.filter(pk=pending.pk).update(created_at=when)
    Flag.objects.bulk_create([Flag(comment=pending, user=u, reason=reason) for u in rng.sample(people, 3)])
    ModerationAction.objects.create(
        consultation=consultation,
        kind=ModerationAction.Kind.AUTO_HIDE,
        comment=pending,
        target_user_id=pending.author_id,
        reason="3 people flagged it",
    )
    Flag.objects.filter(comment=pending).update(created_at=when + timedelta(hours=3))
    ModerationAction.objects.filter(comment=pending).update(created_at=when + timedelta(hours=3))


HEARING_MINUTES = (
    "About 60 people attended at the akimat's hall, 25 more online.\n\n"
    "- Business asked that SME suppliers be part of every specialisation.\n"
    "- Toraighyrov University offered joint training programmes with the colleges.\n"
    "- Residents of Ekibastuz asked for environmental indicators, published yearly.\n\n"
    "The akimat committed to answering every group of comments before selecting priorities."
)
# (title, description, venue, capacity)
HEARING = (
    "Public hearing on the potential smart specialisations",
    "Open to everyone; the minutes join the consultation report.",
    "Akimat of Pavlodar Region, assembly hall",
    120,
)
KZ_HEARING = (
    "Public hearing on Kyzylorda's potential specialisations",
    "Open to everyone: the akimat presents the three candidates and listens. The minutes join the consultation report.",
    "Kyzylorda Regional Philharmonic, main hall",
    150,
)


def _hearing(consultation, edp, coordinator, spec, starts_at, *, minutes: str = "") -> None:
    """The consultation's public hearing (an EDP meeting), attached to it."""
    title, description, venue, capacity = spec
    meeting, _created = Meeting.objects.get_or_create(
        edp=edp,
        title=title,
        defaults={
            "kind": Meeting.Kind.PUBLIC_HEARING,
            "description": description,
            "starts_at": starts_at,
            "venue": venue,
            "capacity": capacity,
            "minutes": minutes,
            "minutes_published_at": starts_at + timedelta(days=2) if minutes else None,
            "created_by": coordinator,
        },
    )
    HearingLink.objects.get_or_create(consultation=consultation, meeting=meeting, defaults={"added_by": coordinator})
