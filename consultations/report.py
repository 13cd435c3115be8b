"""The consultation report: who took part, what they said, what was done.

Built from the rows (not the counters) so that the published record is exact;
a fixed number of queries whatever the number of comments (the most helpful
comments per item come from one window-function query)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from stakeholders.choices import Helix
from stakeholders.models import Region

from . import selectors
from .models import Answer, Comment, Consultation, ConsultationItem, Stance

TOP_COMMENTS_PER_ITEM = 5


@dataclass
class ItemReport:
    item: ConsultationItem
    support: int = 0
    neutral: int = 0
    oppose: int = 0
    comments: int = 0
    chart: dict = field(default_factory=dict)
    top_comments: list[Comment] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)

    @property
    def chart_id(self) -> str:
        return f"report-item-data-{self.item.pk}"

    @property
    def stances(self) -> int:
        return self.support + self.neutral + self.oppose


@dataclass
class ConsultationReport:
    consultation: Consultation
    items: list[ItemReport]
    participants: int
    participants_by_helix: list[tuple[str, int]]
    participants_by_region: list[tuple[str, int]]
    comments: int
    comments_by_helix: list[tuple[str, int]]
    comments_by_region: list[tuple[str, int]]
    hidden_comments: int
    answers: list[Answer]
    answers_by_outcome: list[tuple[str, int]]
    hearings: list = field(default_factory=list)

    @property
    def helix_chart(self) -> dict:
        return {
            "labels": [label for label, _n in self.participants_by_helix],
            "datasets": [{"label": "", "key": "participants", "data": [n for _l, n in self.participants_by_helix]}],
        }


def _helix_rows(counter: Counter) -> list[tuple[str, int]]:
    return [(str(h.label), counter.get(h.value, 0)) for h in Helix]


def _region_rows(counter: Counter) -> list[tuple[str, int]]:
    names = {r.pk: r.name for r in Region.objects.filter(pk__in=[k for k in counter if k])}
    rows = [(names.get(pk, ""), n) for pk, n in counter.items() if pk]
    rows.sort(key=lambda r: (-r[1], r[0]))
    if counter.get(None):
        from django.utils.translation import gettext

        rows.append((gettext("Region not given"), counter[None]))
    return rows


def build_report(consultation: Consultation) -> ConsultationReport:
    items = selectors.consultation_items(consultation)
    comment_rows = Comment.objects.filter(item__consultation=consultation).exclude(status=Comment.Status.DELETED)

    # Participants: anyone who took a stance or commented, counted once, as
    # they were when they first took part.
    people: dict[int, tuple[str, int | None]] = {}
    for user_id, helix, region_id in Stance.objects.filter(item__consultation=consultation).values_list(
        "user_id", "helix", "region_id"
    ):
        people.setdefault(user_id, (helix, region_id))
    for user_id, helix, region_id in comment_rows.values_list("author_id", "author_helix", "author_region_id"):
        people.setdefault(user_id, (helix, region_id))

    comments_by_helix = Counter(
        {r["author_helix"]: r["n"] for r in comment_rows.values("author_helix").annotate(n=Count("id")).order_by()}
    )
    comments_by_region = Counter(
        {
            r["author_region_id"]: r["n"]
            for r in comment_rows.values("author_region_id").annotate(n=Count("id")).order_by()
        }
    )
    stance_counts = {
        (r["item_id"], r["position"]): r["n"]
        for r in Stance.objects.filter(item__in=items).values("item_id", "position").annotate(n=Count("id")).order_by()
    }
    comment_counts = {r["item_id"]: r["n"] for r in comment_rows.values("item_id").annotate(n=Count("id")).order_by()}
    by_helix = selectors.stance_by_helix(items)

    top = (
        Comment.objects.filter(item__in=items, status=Comment.Status.VISIBLE, helpful_count__gt=0)
        .select_related("author", "author_region")
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("item_id")], order_by=[F("helpful_count").desc(), F("created_at").asc()]
            )
        )
        .filter(rank__lte=TOP_COMMENTS_PER_ITEM)
        .order_by("item_id", "rank")
    )
    top_by_item: dict[int, list[Comment]] = {}
    for comment in top:
        top_by_item.setdefault(comment.item_id, []).append(comment)

    answers = list(selectors.answers_of(consultation))
    answers_by_item: dict[int, list[Answer]] = {}
    for answer in answers:
        answers_by_item.setdefault(answer.item_id, []).append(answer)
    outcome_counter = Counter(a.outcome for a in answers)

    item_reports = [
        ItemReport(
            item=item,
            support=stance_counts.get((item.pk, Stance.Position.SUPPORT), 0),
            neutral=stance_counts.get((item.pk, Stance.Position.NEUTRAL), 0),
            oppose=stance_counts.get((item.pk, Stance.Position.OPPOSE), 0),
            comments=comment_counts.get(item.pk, 0),
            chart=selectors.helix_chart(by_helix.get(item.pk, {})),
            top_comments=top_by_item.get(item.pk, []),
            answers=answers_by_item.get(item.pk, []),
        )
        for item in items
    ]
    return ConsultationReport(
        consultation=consultation,
        items=item_reports,
        participants=len(people),
        participants_by_helix=_helix_rows(Counter(h for h, _r in people.values())),
        participants_by_region=_region_rows(Counter(r for _h, r in people.values())),
        comments=sum(comments_by_helix.values()),
        comments_by_helix=_helix_rows(comments_by_helix),
        comments_by_region=_region_rows(comments_by_region),
        hidden_comments=comment_rows.exclude(status=Comment.Status.VISIBLE).count(),
        answers=answers,
        answers_by_outcome=[(str(o.label), outcome_counter.get(o.value, 0)) for o in Answer.Outcome],
        hearings=[link.meeting for link in selectors.hearings_of(consultation)],
    )
