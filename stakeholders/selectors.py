from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import User

from .choices import Helix
from .models import Membership, Organisation

_ACTIVE = Q(memberships__status=Membership.Status.ACTIVE)


def organisation_directory() -> QuerySet[Organisation]:
    """Organisations as listed publicly: region joined, member count counted
    in the same query, and the representatives' names prefetched in one
    more (their names are public: they speak for the organisation)."""
    return (
        Organisation.objects.select_related("region")
        .annotate(member_count=Count("memberships", filter=_ACTIVE, distinct=True))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(
                    role=Membership.Role.REPRESENTATIVE, status=Membership.Status.ACTIVE
                ).select_related("user"),
                to_attr="representatives",
            )
        )
        .order_by("name", "pk")
    )


def helix_counts(queryset: QuerySet[Organisation]) -> list[dict]:
    """How many organisations of each helix a (filtered) list holds, every
    helix present even when zero, in the helix order."""
    counts = dict(queryset.order_by().values_list("helix").annotate(n=Count("pk", distinct=True)))
    return [{"helix": value, "label": str(label), "count": counts.get(value, 0)} for value, label in Helix.choices]


def organisation_detail(pk: int) -> Organisation:
    return organisation_directory().get(pk=pk)


def organisation_members(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("role", "user__display_name", "pk")
    )


def organisation_join_request(organisation: Organisation, pk: int) -> Membership:
    """A membership of ``organisation`` by id (never one of another organisation)."""
    membership = Membership.objects.select_related("user").get(organisation=organisation, pk=pk)
    membership.organisation = organisation
    return membership


def own_membership(organisation: Organisation, user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(organisation=organisation, user=user).first()


def organisation_pending_requests(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation, status=Membership.Status.PENDING)
        .select_related("user", "user__region")
        .order_by("created_at")
    )


def user_memberships(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__region")
        .annotate(
            # Requests waiting for this person: only a representative decides.
            pending_count=Count(
                "organisation__memberships",
                filter=Q(
                    organisation__memberships__status=Membership.Status.PENDING,
                    role=Membership.Role.REPRESENTATIVE,
                    status=Membership.Status.ACTIVE,
                ),
                distinct=True,
            )
        )
        .order_by("status", "organisation__name")
    )


def pending_requests_for_representative(user: User) -> QuerySet[Membership]:
    """Join requests waiting for this person, across every organisation they represent."""
    represented = Membership.objects.filter(
        user=user, role=Membership.Role.REPRESENTATIVE, status=Membership.Status.ACTIVE
    ).values("organisation_id")
    return (
        Membership.objects.filter(organisation_id__in=represented, status=Membership.Status.PENDING)
        .select_related("user", "organisation")
        .order_by("created_at")
    )


def organisations_awaiting_verification(region_ids: set[int] | None = None) -> QuerySet[Organisation]:
    """Unverified organisations, oldest first; only those of ``region_ids`` when given."""
    queryset = organisation_directory().filter(verification=Organisation.Verification.UNVERIFIED)
    if region_ids is not None:
        queryset = queryset.filter(region_id__in=region_ids)
    return queryset.order_by("created_at")


def organisation_personal_data(user: User) -> dict:
    """The stakeholders part of a person's data export."""
    return {
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_id": m.organisation_id,
                "role": m.role,
                "status": m.status,
                "requested_at": m.created_at.isoformat(),
                "decided_at": m.decided_at.isoformat() if m.decided_at else None,
            }
            for m in Membership.objects.filter(user=user).select_related("organisation").order_by("created_at")
        ],
        "organisations_registered": [
            {"id": o.pk, "name": o.name, "created_at": o.created_at.isoformat()}
            for o in Organisation.objects.filter(created_by=user).order_by("created_at")
        ],
    }
