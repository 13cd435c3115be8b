"""Councils, their terms and seats, declared interests, following.

Every change of membership is checked against the council's composition
rule (councils.composition) while the council's row is locked, so two
appointments at once cannot together break a rule each would keep."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from core import permcache
from core.errors import DomainError
from core.permissions import require
from stakeholders.models import Organisation
from stakeholders.rules import coordinated_region_ids

from .. import composition
from ..choices import MemberRole, SelectedBy
from ..models import ConflictDeclaration, Council, CouncilFollower, CouncilMember, CouncilTerm
from ..selectors import term_current

RULE_FIELDS = (
    "civil_min_numerator",
    "civil_min_denominator",
    "official_max_numerator",
    "official_max_denominator",
    "business_counts_as_civil",
    "academia_counts_as_civil",
)
COUNCIL_FIELDS = (
    "name",
    "mandate",
    "seats",
    "edp",
    "plan",
    "secretary",
    "home_district",
    "expenses_budget_kzt",
    "expenses_note",
    *RULE_FIELDS,
)


def _lock(council: Council) -> Council:
    return Council.objects.select_for_update().select_related("region").get(pk=council.pk)


def sitting_helices(term: CouncilTerm, *, excluding: CouncilMember | None = None) -> list[str]:
    seats = CouncilMember.objects.filter(term=term, status=CouncilMember.Status.ACTIVE)
    if excluding is not None:
        seats = seats.exclude(pk=excluding.pk)
    return list(seats.values_list("helix", flat=True))


def _rule_fields(values: dict, council: Council | None) -> dict:
    """The rule's settings after the change: given values, else the council's, else the defaults."""
    return {
        name: values[name]
        if name in values
        else (getattr(council, name) if council is not None else Council._meta.get_field(name).get_default())
        for name in RULE_FIELDS
    }


def _rule_of(values: dict, council: Council | None) -> composition.Rule:
    fields = _rule_fields(values, council)

    def get(name):
        return fields[name]

    return composition.Rule(
        civil_min=Fraction(get("civil_min_numerator"), max(1, get("civil_min_denominator"))),
        official_max=Fraction(get("official_max_numerator"), max(1, get("official_max_denominator"))),
        business_counts_as_civil=get("business_counts_as_civil"),
        academia_counts_as_civil=get("academia_counts_as_civil"),
    )


def _check_setup(values: dict, council: Council | None, region) -> None:
    fields = _rule_fields(values, council)
    for name in ("civil_min_denominator", "official_max_denominator"):
        if fields[name] < 1:
            raise DomainError(gettext("A share needs a denominator of at least 1."), field=name)
    for numerator, denominator in (
        ("civil_min_numerator", "civil_min_denominator"),
        ("official_max_numerator", "official_max_denominator"),
    ):
        if fields[numerator] > fields[denominator]:
            raise DomainError(gettext("A share cannot be more than one whole."), field=numerator)
    if values.get("seats", getattr(council, "seats", 1)) < 1:
        raise DomainError(gettext("A council needs at least one seat."), field="seats")
    problems = _rule_of(values, council).problems()
    if problems:
        raise DomainError(problems[0], field="civil_min_numerator")
    edp = values.get("edp")
    if edp is not None and edp.region_id != region.pk:
        raise DomainError(gettext("The process must be of the council's region."), field="edp")
    plan = values.get("plan")
    if plan is not None and plan.edp.region_id != region.pk:
        raise DomainError(gettext("The plan must be of the council's region."), field="plan")
    district = values.get("home_district")
    if district is not None and district.region_id != region.pk:
        raise DomainError(gettext("Choose a district of the council's region."), field="home_district")
    if values.get("expenses_budget_kzt", Decimal(0)) < 0:
        raise DomainError(gettext("The budget cannot be negative."), field="expenses_budget_kzt")


@transaction.atomic
def council_create(
    *,
    actor,
    region,
    slug: str,
    term_starts_on: date,
    term_ends_on: date,
    **values,
) -> Council:
    """Set up a council with its first term. Staff anywhere; a coordinator
    only in a region whose process they coordinate."""
    require(actor, "councils.add_council")
    unknown = set(values) - set(COUNCIL_FIELDS)
    if unknown:
        raise ValueError(f"council_create cannot set {sorted(unknown)}")
    if not actor.is_staff and region.pk not in coordinated_region_ids(actor):
        raise DomainError(gettext("You coordinate no process in this region."), field="region")
    if Council.objects.filter(slug=slug).exists():
        raise DomainError(gettext("This address is taken: choose another."), field="slug")
    _check_setup(values, None, region)
    if term_ends_on <= term_starts_on:
        raise DomainError(gettext("The term must end after it starts."), field="term_ends_on")
    council = Council.objects.create(region=region, slug=slug, created_by=actor, **values)
    CouncilTerm.objects.create(council=council, number=1, starts_on=term_starts_on, ends_on=term_ends_on)
    return council


@transaction.atomic
def council_update(*, council: Council, actor, **values) -> Council:
    """Change the settings; a change of seats or of the rule that the
    sitting members would break is refused with the numbers."""
    require(actor, "councils.change_council", council)
    unknown = set(values) - set(COUNCIL_FIELDS)
    if unknown:
        raise ValueError(f"council_update cannot set {sorted(unknown)}")
    council = _lock(council)
    _check_setup(values, council, council.region)
    seats = values.get("seats", council.seats)
    rule = _rule_of(values, council)
    for term in council.terms.all():
        reason = composition.refusal(rule, seats, sitting_helices(term))
        if reason:
            raise DomainError(
                gettext("The members sitting now would break the rule: %(reason)s") % {"reason": reason},
                field="seats" if "seats" in values else "civil_min_numerator",
            )
    for name, value in values.items():
        setattr(council, name, value)
    council.save()
    return council


@transaction.atomic
def term_add(*, council: Council, actor, starts_on: date, ends_on: date) -> CouncilTerm:
    require(actor, "councils.change_council", council)
    council = _lock(council)
    if ends_on <= starts_on:
        raise DomainError(gettext("The term must end after it starts."), field="ends_on")
    if council.terms.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise DomainError(gettext("Terms of a council do not overlap."), field="starts_on")
    number = (council.terms.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return CouncilTerm.objects.create(council=council, number=number, starts_on=starts_on, ends_on=ends_on)


def _helix_for(user, organisation: Organisation | None, helix: str | None) -> str:
    if organisation is not None:
        return organisation.helix
    return helix or user.effective_helix


@transaction.atomic
def member_appoint(
    *,
    council: Council,
    actor,
    user,
    term: CouncilTerm | None = None,
    organisation: Organisation | None = None,
    helix: str | None = None,
    role: str = MemberRole.MEMBER,
    selected_by: str = SelectedBy.APPOINTED,
    draw=None,
    pseudonym: str = "",
    check_permission: bool = True,
) -> CouncilMember:
    """Seat ``user`` for ``term`` (the current one by default). Refused with
    the numbers when the council's composition rule would break.

    ``check_permission=False`` is for the draw, which seats its panel on the
    secretary's behalf after it already checked who started it."""
    if check_permission:
        require(actor, "councils.manage_members", council)
    council = _lock(council)
    term = term or term_current(council)
    if term is None or term.council_id != council.pk:
        raise DomainError(gettext("The council has no term to seat members for: add one first."), field="term")
    if organisation is not None:
        if not organisation.memberships.filter(user=user, status="active").exists():
            raise DomainError(
                gettext("%(name)s is not an active member of %(org)s.")
                % {"name": user.public_name, "org": organisation},
                field="organisation",
            )
        if organisation.region_id != council.region_id:
            raise DomainError(gettext("Choose an organisation of the council's region."), field="organisation")
    if CouncilMember.objects.filter(term=term, user=user, status=CouncilMember.Status.ACTIVE).exists():
        raise DomainError(gettext("%(name)s already sits on this council.") % {"name": user.public_name}, field="user")
    helix = _helix_for(user, organisation, helix)
    reason = composition.refusal(council.rule, council.seats, [*sitting_helices(term), helix])
    if reason:
        raise DomainError(reason, code="composition")
    try:
        with transaction.atomic():
            member = CouncilMember.objects.create(
                council=council,
                term=term,
                user=user,
                organisation=organisation,
                helix=helix,
                role=role,
                selected_by=selected_by,
                draw=draw,
                pseudonym=pseudonym,
                joined_on=max(timezone.localdate(), term.starts_on),
            )
    except IntegrityError as exc:  # a concurrent appointment of the same person
        raise DomainError(gettext("%(name)s already sits on this council.") % {"name": user.public_name}) from exc
    permcache.forget(user)
    return member


@transaction.atomic
def member_leave(*, member: CouncilMember, actor, reason: str) -> CouncilMember:
    """A member leaves (resigns, or the secretary records a departure). Never
    refused by the composition rule: the seat stays kept for its side."""
    council = _lock(member.council)
    member = CouncilMember.objects.select_for_update().select_related("user").get(pk=member.pk, council=council)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(gettext("Say why the seat ends: it is shown on the council's page."), field="reason")
    CouncilMember.lifecycle.apply(member, "leave", actor=actor, save=False)
    member.left_on = timezone.localdate()
    member.left_reason = reason[:300]
    member.save(update_fields=["status", "left_on", "left_reason"])
    permcache.forget(member.user)
    return member


@transaction.atomic
def conflict_declare(*, council: Council, actor, interest: str, meeting=None, agenda_item=None) -> ConflictDeclaration:
    """A member declares an interest, in general or on one agenda item (ids
    from the form are checked against this council's meetings)."""
    require(actor, "councils.declare_conflict", council)
    member = CouncilMember.objects.filter(council=council, user=actor, status=CouncilMember.Status.ACTIVE).first()
    if member is None:  # pragma: no cover - the permission says the same
        raise DomainError(gettext("Only members of the council declare interests."))
    interest = (interest or "").strip()
    if not interest:
        raise DomainError(gettext("Say what the interest is."), field="interest")
    if agenda_item is not None:
        meeting = agenda_item.meeting
    if meeting is not None and meeting.council_id != council.pk:
        raise DomainError(gettext("Choose a meeting of this council."), field="agenda_item")
    return ConflictDeclaration.objects.create(
        member=member,
        meeting=meeting,
        agenda_item=agenda_item,
        item_title=agenda_item.title if agenda_item is not None else "",
        interest=interest[:2000],
    )


@transaction.atomic
def council_follow(*, council: Council, user, follow: bool = True) -> bool:
    require(user, "councils.follow", council)
    if follow:
        CouncilFollower.objects.get_or_create(council=council, user=user)
    else:
        CouncilFollower.objects.filter(council=council, user=user).delete()
    return follow
