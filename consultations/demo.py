"""Demo: the Pavlodar EDP's public consultation on its potential smart
specialisations, closed, with hundreds of comments, stances, moderation,
"you said, we did" answers and a published report.

The consultation is a record of something that already happened, so it is
written directly (backdated) rather than through the services that enforce
the open window; counters are then rebuilt with ``consultation_recount``.
It does not depend on the EDP's current stage. Idempotent: keyed by the
consultation's title in its EDP; a second run changes nothing.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.markdown import render_markdown
from edp.models import EDP, EDPRole, Meeting
from stakeholders.choices import Helix
from stakeholders.models import Region

from . import sources
from .models import (
    Answer,
    Comment,
    Consultation,
    ConsultationItem,
    Flag,
    HearingLink,
    HelpfulMark,
    ModerationAction,
    Stance,
)
from .services import consultation_recount, item_spec_from_source

TITLE = "Public consultation on Pavlodar's potential smart specialisations"
RESIDENTS = 160
SEED = 2026

FALLBACK_ITEMS = [
    (
        "Downstream aluminium and metal processing",
        "Turn the region's primary aluminium and ferroalloys into higher-value products: profiles, "
        "cables, components for machine-building, with **local SMEs** as suppliers.",
    ),
    (
        "Agro-food processing for the Irtysh valley",
        "Processing of grain, oilseeds and milk close to the farms; cold chains and packaging; "
        "export to China and Russia along the existing corridors.",
    ),
    (
        "Chemistry and petrochemicals from the Pavlodar refinery",
        "New chemical products from the refinery's streams and the chemical plant: polymers, "
        "catalysts, and the skills to run them.",
    ),
    (
        "Energy efficiency and industrial ICT",
        "Digital monitoring, automation and energy saving for the region's heavy industry, "
        "built by local IT firms with Toraighyrov University.",
    ),
]

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
    edp = ctx.get("edp") or EDP.objects.filter(region=ctx["region"]).order_by("created_at").first()
    if edp is None:
        ctx.stdout.write("consultations demo: no Pavlodar EDP, skipped.")
        return
    users = ctx["users"]
    coordinator, moderator = users["coordinator"], users["moderator"]
    EDPRole.objects.get_or_create(edp=edp, user=moderator, role=EDPRole.Role.MODERATOR)
    ctx.login(moderator.email, "moderator of the Pavlodar EDP (consultations)")

    existing = Consultation.objects.filter(edp=edp, title=TITLE).first()
    if existing is not None:
        ctx["consultation"] = existing
        return

    rng = random.Random(SEED)
    now = timezone.now()
    opens_at, closes_at = now - timedelta(days=45), now - timedelta(days=15)
    consultation = Consultation.objects.create(
        edp=edp,
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
        created_by=coordinator,
    )
    items = _items(consultation, edp)
    people = list(users.values()) + _residents(ctx, rng)
    _stances(items, people, rng)
    comments = _comments(items, people, rng, opens_at, closes_at)
    _helpful(comments, people, rng)
    _moderation(consultation, items[0], people, moderator, rng, opens_at)
    _answers(consultation, items, comments, coordinator)
    _hearings(consultation, edp, coordinator, opens_at)
    consultation_recount(consultation=consultation)
    consultation.report_summary = (
        "More than a hundred and fifty people took part. Support was strongest for **agro-food "
        "processing** and **industrial ICT**; chemistry divided opinion. The most helpful comments asked "
        "for training linked to jobs, orders for local SMEs and published environmental data. The "
        "answers below say what changed in the draft priorities."
    )
    consultation.report_published_at = closes_at + timedelta(days=7)
    consultation.report_published_by = coordinator
    consultation.save()
    ctx["consultation"] = consultation


def _items(consultation, edp) -> list[ConsultationItem]:
    specs = [item_spec_from_source(obj) for obj in sources._all_sources(edp)]
    rows = []
    if specs:
        from django.contrib.contenttypes.models import ContentType

        for i, spec in enumerate(specs, start=1):
            rows.append(
                ConsultationItem(
                    consultation=consultation,
                    position=i,
                    title=spec.title,
                    body=spec.body,
                    source_type=ContentType.objects.get_for_model(spec.source),
                    source_id=spec.source.pk,
                )
            )
    else:
        rows = [
            ConsultationItem(consultation=consultation, position=i, title=title, body=body)
            for i, (title, body) in enumerate(FALLBACK_ITEMS, start=1)
        ]
    return ConsultationItem.objects.bulk_create(rows)


def _residents(ctx, rng) -> list:
    """Residents who took part only in the consultation (they cannot sign in)."""
    User = get_user_model()
    regions = list(Region.objects.order_by("code"))
    pavlodar = ctx["region"]
    emails = [f"resident{i:03d}@demo.edp.kz" for i in range(1, RESIDENTS + 1)]
    known = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    helices = [Helix.CIVIL_SOCIETY] * 5 + [Helix.INDUSTRY] * 2 + [Helix.ACADEMIA, Helix.GOVERNMENT]
    new = []
    for email in emails:
        if email in known:
            continue
        user = User(
            email=email,
            display_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            region=pavlodar if rng.random() < 0.8 else rng.choice(regions),
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


def _comments(items, people, rng, opens_at, closes_at) -> list[Comment]:
    span = (closes_at - opens_at).total_seconds()
    tops, times = [], []
    for item in items:
        for _ in range(rng.randint(70, 90)):
            author = rng.choice(people)
            position = rng.choice(list(OPENINGS))
            body = f"{rng.choice(OPENINGS[position])} {rng.choice(POINTS)}"
            if rng.random() < 0.3:
                body += f"\n\n- {rng.choice(POINTS)}\n- {rng.choice(POINTS)}"
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
                reply_times.append(min(at, closes_at - timedelta(minutes=1)))
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
    for body, reason in OFF_TOPIC:
        comment, _ = _comment(
            item, rng.choice(people), body, when, status=Comment.Status.HIDDEN, moderation_reason=reason
        )
        comment.save()
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
    pending, _ = _comment(
        item,
        rng.choice(people),
        "The figures in this proposal are invented by the akimat.",
        when,
        status=Comment.Status.PENDING_REVIEW,
    )
    pending.save()
    Flag.objects.bulk_create(
        [Flag(comment=pending, user=u, reason=Flag.Reason.MISINFORMATION) for u in rng.sample(people, 3)]
    )
    ModerationAction.objects.create(
        consultation=consultation,
        kind=ModerationAction.Kind.AUTO_HIDE,
        comment=pending,
        target_user_id=pending.author_id,
        reason="3 people flagged it",
    )
    # Flagged, reviewed and kept.
    kept, _ = _comment(item, rng.choice(people), "Honestly, the smelter's emissions worry me more than jobs.", when)
    kept.save()
    ModerationAction.objects.create(
        consultation=consultation,
        kind=ModerationAction.Kind.DISMISS_FLAGS,
        comment=kept,
        target_user_id=kept.author_id,
        actor=moderator,
        reason="a legitimate opinion",
    )


def _answers(consultation, items, comments, coordinator) -> None:
    for index, summary, outcome, reason in ANSWERS:
        item = items[index % len(items)]
        on_item = [c for c in comments if c.item_id == item.pk]
        answer = Answer.objects.create(
            consultation=consultation, item=item, summary=summary, outcome=outcome, reason=reason, author=coordinator
        )
        answer.comments.set(on_item[len(answer.summary) % 7 :: 17][:4])


HEARING_MINUTES = (
    "About 60 people attended at the akimat's hall, 25 more online.\n\n"
    "- Business asked that SME suppliers be part of every specialisation.\n"
    "- Toraighyrov University offered joint training programmes with the colleges.\n"
    "- Residents of Ekibastuz asked for environmental indicators, published yearly.\n\n"
    "The akimat committed to answering every group of comments before selecting priorities."
)


def _hearings(consultation, edp, coordinator, opens_at) -> None:
    """Attach the EDP's public hearings; the demo holds one if it has none."""
    hearings = list(Meeting.objects.filter(edp=edp, kind=Meeting.Kind.PUBLIC_HEARING))
    if not hearings:
        hearings = [
            Meeting.objects.create(
                edp=edp,
                kind=Meeting.Kind.PUBLIC_HEARING,
                title="Public hearing on the potential smart specialisations",
                description="Open to everyone; the minutes join the consultation report.",
                starts_at=opens_at + timedelta(days=14),
                venue="Akimat of Pavlodar Region, assembly hall",
                capacity=120,
                minutes=HEARING_MINUTES,
                minutes_published_at=opens_at + timedelta(days=16),
                created_by=coordinator,
            )
        ]
    for meeting in hearings:
        HearingLink.objects.get_or_create(
            consultation=consultation, meeting=meeting, defaults={"added_by": coordinator}
        )
