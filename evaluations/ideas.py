"""What evaluation needs to know about ideas and panel members, read in
bulk: who wrote an idea, which organisations are behind it, and who is
conflicted with it. Automatic conflicts follow the issue's rule: the
evaluator belongs to the submitting or a partner organisation, or is one of
the idea's authors (submitter or co-author)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch

from edp.models import EDP, EDPRole, Idea
from stakeholders.choices import Helix
from stakeholders.models import Membership

from .models import ConflictOfInterest, EvaluationSettings, EvaluatorCap


class ConflictReason:
    ORGANISATION = "organisation"
    PARTNER = "partner"
    AUTHOR = "author"
    DECLARED = "declared"


def submitted_ideas(edp: EDP):
    return (
        Idea.objects.filter(edp=edp, status=Idea.Status.SUBMITTED)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("partners", to_attr="partner_list"),
            Prefetch("co_authors", to_attr="co_author_list"),
        )
        .order_by("submitted_at", "id")
    )


def idea_author_ids(idea: Idea) -> set[int]:
    co_authors = getattr(idea, "co_author_list", None)
    ids = {u.pk for u in co_authors} if co_authors is not None else set(idea.co_authors.values_list("pk", flat=True))
    ids.add(idea.submitter_id)
    return ids


def _partner_ids(idea: Idea) -> set[int]:
    partners = getattr(idea, "partner_list", None)
    return {o.pk for o in partners} if partners is not None else set(idea.partners.values_list("pk", flat=True))


@dataclass(frozen=True)
class PanelMember:
    user_id: int
    name: str
    helix: str
    organisation_ids: frozenset[int]
    organisation_names: tuple[str, ...]

    @property
    def helix_label(self) -> str:
        return str(Helix(self.helix).label) if self.helix in Helix.values else self.helix


def panel(edp: EDP, *, user_ids: Iterable[int] | None = None) -> list[PanelMember]:
    """The EDP's evaluators with the helix they bring: that of their
    organisation(s) (the first active membership), else their own. With
    ``user_ids``, only those of them."""
    role_qs = EDPRole.objects.filter(edp=edp, role=EDPRole.Role.EVALUATOR)
    if user_ids is not None:
        role_qs = role_qs.filter(user_id__in=list(user_ids))
    roles = list(role_qs.select_related("user").order_by("user_id"))
    user_ids = [r.user_id for r in roles]
    memberships: dict[int, list[Membership]] = {}
    for m in (
        Membership.objects.filter(user_id__in=user_ids, status=Membership.Status.ACTIVE)
        .select_related("organisation")
        .order_by("created_at", "id")
    ):
        memberships.setdefault(m.user_id, []).append(m)
    members = []
    for role in roles:
        mine = memberships.get(role.user_id, [])
        helix = mine[0].organisation.helix if mine else (role.user.helix or Helix.CIVIL_SOCIETY)
        members.append(
            PanelMember(
                user_id=role.user_id,
                name=role.user.public_name,
                helix=helix,
                organisation_ids=frozenset(m.organisation_id for m in mine),
                organisation_names=tuple(str(m.organisation) for m in mine),
            )
        )
    return members


@dataclass(frozen=True)
class Caps:
    """How many ideas each panel member may hold: a personal cap where the
    coordinator set one, else the EDP-wide maximum (None: no limit)."""

    default: int | None
    personal: dict[int, int]

    def of(self, user_id: int) -> int | None:
        return self.personal.get(user_id, self.default)

    def describe(self, user_id: int) -> str:
        from django.utils.translation import gettext

        if user_id in self.personal:
            return gettext("personal cap of %(n)s") % {"n": self.personal[user_id]}
        return gettext("EDP-wide maximum of %(n)s") % {"n": self.default}


def caps(edp: EDP, settings: EvaluationSettings) -> Caps:
    return Caps(
        default=settings.max_load,
        personal=dict(EvaluatorCap.objects.filter(edp=edp).values_list("evaluator_id", "max_ideas")),
    )


def conflicts(edp: EDP, ideas: Iterable[Idea], members: Sequence[PanelMember]) -> dict[tuple[int, int], str]:
    """(idea id, evaluator id) → reason, automatic and declared."""
    found: dict[tuple[int, int], str] = {}
    ideas = list(ideas)
    for idea in ideas:
        authors = idea_author_ids(idea)
        partners = _partner_ids(idea)
        for m in members:
            if m.user_id in authors:
                found[(idea.pk, m.user_id)] = ConflictReason.AUTHOR
            elif idea.organisation_id and idea.organisation_id in m.organisation_ids:
                found[(idea.pk, m.user_id)] = ConflictReason.ORGANISATION
            elif partners & m.organisation_ids:
                found[(idea.pk, m.user_id)] = ConflictReason.PARTNER
    declared = ConflictOfInterest.objects.filter(edp=edp, idea__in=[i.pk for i in ideas]).values_list(
        "idea_id", "evaluator_id"
    )
    for pair in declared:
        found.setdefault(pair, ConflictReason.DECLARED)
    return found


def conflict_now(edp: EDP, idea: Idea, user_id: int) -> str | None:
    """The reason ``user_id`` is conflicted with ``idea`` as things stand
    today (memberships change after assignment), or None."""
    return conflicts(edp, [idea], panel(edp, user_ids=[user_id])).get((idea.pk, user_id))


def conflict_label(reason: str) -> str:
    from django.utils.translation import gettext

    return {
        ConflictReason.ORGANISATION: gettext("belongs to the submitting organisation"),
        ConflictReason.PARTNER: gettext("belongs to a partner organisation"),
        ConflictReason.AUTHOR: gettext("is an author of the idea"),
        ConflictReason.DECLARED: gettext("declared a conflict of interest"),
    }.get(reason, reason)
