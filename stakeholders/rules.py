"""Platform-wide roles as `rules` predicates.

Platform roles: anonymous, registered citizen (verified email), organisation
member / representative, staff. Per-EDP roles live in edp.rules and combine
with these.
"""

import rules
from allauth.account.models import EmailAddress

from core import permcache


@rules.predicate
def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


@rules.predicate
def is_verified_citizen(user) -> bool:
    """Signed in with a verified email address: enough to take part."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return permcache.cached(
        user, "stakeholders.verified_email", lambda: EmailAddress.objects.filter(user=user, verified=True).exists()
    )


def remember_verified(user, value: bool) -> None:
    permcache.remember(user, "stakeholders.verified_email", value)


def _active_roles(user, organisation) -> set[str]:
    if not (user and user.is_authenticated) or organisation is None:
        return set()
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = {}
        for org_id, role in user.memberships.filter(status="active").values_list("organisation_id", "role"):
            cache.setdefault(org_id, set()).add(role)
        user._membership_cache = cache
    return cache.get(organisation.pk, set())


@rules.predicate
def is_org_member(user, organisation) -> bool:
    return bool(_active_roles(user, organisation))


@rules.predicate
def is_org_representative(user, organisation) -> bool:
    return "representative" in _active_roles(user, organisation)


def coordinated_region_ids(user) -> set[int]:
    """Regions whose EDP this person coordinates (cached on the user)."""
    if not (user and user.is_authenticated):
        return set()
    cached = getattr(user, "_coordinated_regions_cache", None)
    if cached is None:
        cached = set(user.edp_roles.filter(role="coordinator").values_list("edp__region_id", flat=True))
        user._coordinated_regions_cache = cached
    return cached


@rules.predicate
def is_region_coordinator(user, organisation) -> bool:
    """Coordinators of an EDP know the organisations of their region and may
    verify them; their power stops at the region's border."""
    return organisation is not None and organisation.region_id in coordinated_region_ids(user)


rules.add_perm("stakeholders.add_organisation", is_verified_citizen)
rules.add_perm("stakeholders.change_organisation", is_org_representative | is_staff)
rules.add_perm("stakeholders.verify_organisation", is_staff | is_region_coordinator)
rules.add_perm("stakeholders.request_membership", is_verified_citizen)
rules.add_perm("stakeholders.decide_membership", is_org_representative | is_staff)
rules.add_perm("stakeholders.view_members", is_org_member | is_staff)
rules.add_perm("stakeholders.leave_organisation", is_org_member)
