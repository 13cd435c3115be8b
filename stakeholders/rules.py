"""Platform-wide roles as `rules` predicates, and the registry's permissions.

Platform roles: anonymous, registered citizen (verified email), organisation
member / representative, staff. Per-EDP roles live in edp.rules and combine
with these.

What a person is (verified address, memberships, coordinated regions) is read
once per user object through ``core.permcache``; other modules that already
read one of these facts in a wider query hand it over with this module's
functions (:func:`remember_verified`), never by the cache key.
"""

import rules
from allauth.account.models import EmailAddress
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import permcache
from core.permissions import gate, register

_VERIFIED = "stakeholders.verified_email"
_MEMBERSHIPS = "stakeholders.memberships"
_COORDINATED = "stakeholders.coordinated_regions"


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


@rules.predicate
def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


@rules.predicate
def is_verified_citizen(user) -> bool:
    """Signed in with a verified email address: enough to take part."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return permcache.cached(user, _VERIFIED, lambda: EmailAddress.objects.filter(user=user, verified=True).exists())


def remember_verified(user, value: bool) -> None:
    """A page that already read whether ``user`` has a verified address (in
    a wider query) hands it over, so the permission checks of the request
    read it from there."""
    permcache.remember(user, _VERIFIED, bool(value))


def organisation_of(obj):
    """The organisation itself, or the one a membership belongs to."""
    return getattr(obj, "organisation", obj)


def active_roles(user, organisation) -> set[str]:
    """The person's roles in ``organisation`` (or a membership's; active
    memberships only)."""
    organisation = organisation_of(organisation)
    if not (user and user.is_authenticated) or organisation is None:
        return set()

    def read() -> dict[int, set[str]]:
        roles: dict[int, set[str]] = {}
        for org_id, role in user.memberships.filter(status="active").values_list("organisation_id", "role"):
            roles.setdefault(org_id, set()).add(role)
        return roles

    return permcache.cached(user, _MEMBERSHIPS, read).get(organisation.pk, set())


@rules.predicate
def is_org_member(user, organisation) -> bool:
    return bool(active_roles(user, organisation))


@rules.predicate
def is_org_representative(user, organisation) -> bool:
    return "representative" in active_roles(user, organisation)


def coordinated_region_ids(user) -> set[int]:
    """Regions whose EDP this person coordinates."""
    if not (user and user.is_authenticated):
        return set()
    return permcache.cached(
        user,
        _COORDINATED,
        lambda: set(user.edp_roles.filter(role="coordinator").values_list("edp__region_id", flat=True)),
    )


@rules.predicate
def is_region_coordinator(user, organisation) -> bool:
    """Coordinators of an EDP know the organisations of their region and may
    verify them; their power stops at the region's border."""
    organisation = organisation_of(organisation)
    return organisation is not None and organisation.region_id in coordinated_region_ids(user)


# --- Reasons ------------------------------------------------------------------
def _only_representatives_change(user, organisation) -> str:
    organisation = organisation_of(organisation)
    return _("Only a representative of %(org)s can change its details.") % {"org": organisation.name}


def _only_representatives_decide(user, organisation) -> str:
    organisation = organisation_of(organisation)
    return _("Only a representative of %(org)s can approve or decline requests to join it.") % {
        "org": organisation.name
    }


def _only_members_see_members(user, organisation) -> str:
    organisation = organisation_of(organisation)
    return _("Only the members of %(org)s see who belongs to it.") % {"org": organisation.name}


def _not_a_member(user, organisation) -> str:
    organisation = organisation_of(organisation)
    return _("You are not a member of %(org)s.") % {"org": organisation.name}


def _who_verifies(user, organisation) -> str:
    organisation = organisation_of(organisation)
    if organisation is None:
        return _("Only platform staff or the coordinator of a process verify organisations.")
    return _("Only platform staff or a coordinator of an EDP in %(region)s can verify this organisation.") % {
        "region": organisation.region.name
    }


register(
    "stakeholders.add_organisation",
    gate(is_verified_citizen, gettext_lazy("Verify your email address before registering an organisation.")),
)
register("stakeholders.change_organisation", gate(is_org_representative | is_staff, _only_representatives_change))
register("stakeholders.verify_organisation", gate(is_staff | is_region_coordinator, _who_verifies))
register(
    "stakeholders.request_membership",
    gate(is_verified_citizen, gettext_lazy("Verify your email address before asking to join an organisation.")),
)
register("stakeholders.decide_membership", gate(is_org_representative | is_staff, _only_representatives_decide))
register("stakeholders.view_members", gate(is_org_member | is_staff, _only_members_see_members))
register("stakeholders.leave_organisation", gate(is_org_member, _not_a_member))
