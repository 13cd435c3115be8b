from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import permcache, permissions
from core.errors import DomainError
from notifications.services import notification_emit

from .choices import HELIX_OF_KIND
from .models import Membership, Organisation, Region, validate_bin
from .rules import is_staff


class DuplicateOrganisation(DomainError):
    """Refusal that carries the organisation already registered, so the page
    can link to it ("ask to join it instead")."""

    def __init__(self, message: str, *, existing: Organisation, field: str | None = None) -> None:
        super().__init__(message, field=field, code="duplicate")
        self.existing = existing


def organisation_find_duplicate(
    *, bin: str, names: list[str], region: Region, exclude_pk: int | None = None
) -> DuplicateOrganisation | None:
    """The same BIN anywhere, or the same name (in any of its languages,
    ignoring case) in the same region, is the same organisation."""
    others = Organisation.objects.exclude(pk=exclude_pk) if exclude_pk else Organisation.objects.all()
    if bin:
        existing = others.filter(bin=bin).first()
        if existing:
            return DuplicateOrganisation(
                _("An organisation with this BIN is already registered: %(name)s.") % {"name": existing.name},
                existing=existing,
                field="bin",
            )
    wanted = {n.strip().casefold() for n in names if n and n.strip()}
    if wanted:
        # Compared in Python: SQLite's lower() only folds ASCII, and names
        # here are mostly Cyrillic. Registrations are rare and a region holds
        # at most a few thousand organisations, three short columns each.
        rows = others.filter(region=region).values_list("pk", "name_en", "name_ru", "name_kk")
        match = next((pk for pk, *variants in rows if wanted & {(v or "").strip().casefold() for v in variants}), None)
        if match is not None:
            existing = Organisation.objects.get(pk=match)
            return DuplicateOrganisation(
                _("An organisation with this name is already registered in %(region)s: %(name)s.")
                % {"region": region.name, "name": existing.name},
                existing=existing,
                field="name_en",
            )
    return None


def _organisation_fill(
    organisation: Organisation,
    *,
    helix: str,
    kind: str,
    region: Region,
    name_en: str = "",
    name_ru: str = "",
    name_kk: str = "",
    bin: str = "",
    website: str = "",
    description_en: str = "",
    description_ru: str = "",
    description_kk: str = "",
) -> None:
    """Checks the registry's rules and copies the values onto the
    organisation (unsaved). Raises DomainError / DuplicateOrganisation."""
    names = [n.strip() for n in (name_en, name_ru, name_kk)]
    if not any(names):
        raise DomainError(_("Give the organisation's name in at least one language."), field="name_en")
    if HELIX_OF_KIND.get(kind) != helix:
        raise DomainError(_("This kind of organisation does not belong to the chosen helix."), field="kind")
    bin = (bin or "").strip()
    if bin:
        validate_bin(bin)
    duplicate = organisation_find_duplicate(bin=bin, names=names, region=region, exclude_pk=organisation.pk)
    if duplicate:
        raise duplicate
    # A name given in one language stands in for the others (proper names
    # rarely change), so the directory never shows an empty title.
    first = next(n for n in names if n)
    organisation.name_en, organisation.name_ru, organisation.name_kk = (n or first for n in names)
    organisation.helix, organisation.kind, organisation.region = helix, kind, region
    organisation.bin, organisation.website = bin, website
    organisation.description_en = description_en
    organisation.description_ru = description_ru
    organisation.description_kk = description_kk
    organisation.full_clean()


def _organisation_save(organisation: Organisation, **fields) -> None:
    # The unique constraints are the last fence against two people saving
    # the same organisation at once: the loser gets the same message.
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        names = [fields.get(f, "") for f in ("name_en", "name_ru", "name_kk")]
        duplicate = organisation_find_duplicate(
            bin=fields.get("bin", ""), names=names, region=fields["region"], exclude_pk=organisation.pk
        )
        if duplicate:
            raise duplicate
        raise


@transaction.atomic
def organisation_register(*, creator: User, **fields) -> Organisation:
    """Registers an organisation, unverified until staff check it, with its
    creator as the representative who approves join requests.

    ``fields`` are those of the registration form (names and descriptions
    per language, helix, kind, region, BIN, website). Refuses duplicates
    (DuplicateOrganisation); nothing is saved when anything is refused.
    """
    organisation = Organisation(created_by=creator)
    _organisation_fill(organisation, **fields)
    _organisation_save(organisation, **fields)
    Membership.objects.create(
        organisation=organisation,
        user=creator,
        role=Membership.Role.REPRESENTATIVE,
        status=Membership.Status.ACTIVE,
        decided_by=creator,
        decided_at=timezone.now(),
    )
    permcache.forget(creator)
    return organisation


# Changing these on a verified organisation makes it a different claim, so
# staff have to look again.
IDENTITY_FIELDS = ("name_en", "name_ru", "name_kk", "helix", "kind", "region_id", "bin")


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, **fields) -> Organisation:
    """A representative (or staff) corrects the organisation's details.

    Same rules as registration. When a representative changes what
    identifies a verified organisation (names, helix, kind, region, BIN) it
    goes back to "not verified" until staff check it again.
    """
    permissions.require(actor, "stakeholders.change_organisation", organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = {f: getattr(organisation, f) for f in IDENTITY_FIELDS}
    _organisation_fill(organisation, **fields)
    # Filling in a name that was missing is not a change of identity.
    changed = any(
        getattr(organisation, f) != before[f] and (before[f] or not f.startswith("name_")) for f in IDENTITY_FIELDS
    )
    if changed and organisation.is_verified and not is_staff(actor):
        Organisation.lifecycle.apply(organisation, "check_again", save=False)
        organisation.verified_by = None
        organisation.verified_at = None
    _organisation_save(organisation, **fields)
    return organisation


@transaction.atomic
def membership_request(*, user: User, organisation: Organisation) -> Membership:
    """Asks to join an organisation; a representative decides. A declined
    person may ask again (circumstances change); members and people already
    waiting may not."""
    permissions.require(user, "stakeholders.request_membership", organisation)
    membership = Membership.objects.select_for_update().filter(organisation=organisation, user=user).first()
    if membership is not None:
        if Membership.lifecycle.is_in(membership, Membership.Status.ACTIVE):
            raise DomainError(_("You are already a member of %(org)s.") % {"org": organisation.name})
        if Membership.lifecycle.is_in(membership, Membership.Status.PENDING):
            raise DomainError(
                _("Your request to join %(org)s is already waiting for a representative.") % {"org": organisation.name}
            )
        membership.role = Membership.Role.MEMBER
        membership.decided_by = None
        membership.decided_at = None
        Membership.lifecycle.apply(membership, "ask_again", update_fields=["role", "decided_by", "decided_at"])
    else:
        membership = Membership.objects.create(organisation=organisation, user=user)
    notification_emit(event="stakeholders.membership_requested", target=membership, actor=user)
    return membership


@transaction.atomic
def membership_decide(*, actor: User, membership: Membership, approve: bool) -> Membership:
    """A representative of the organisation (or staff) approves or declines a
    pending join request. The row is locked so two representatives deciding
    at once cannot both win."""
    membership = Membership.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=membership.pk)
    permissions.require(actor, "stakeholders.decide_membership", membership.organisation)
    if not Membership.lifecycle.is_in(membership, Membership.Status.PENDING):
        raise DomainError(_("This request was already decided."))
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    Membership.lifecycle.apply(
        membership, "approve" if approve else "decline", actor=actor, update_fields=["decided_by", "decided_at"]
    )
    notification_emit(event="stakeholders.membership_decided", target=membership, actor=actor)
    return membership


@transaction.atomic
def membership_leave(*, user: User, organisation: Organisation) -> None:
    """Leaves an organisation. The last representative cannot leave, or
    nobody could approve new members."""
    membership = (
        Membership.objects.select_for_update()
        .filter(organisation=organisation, user=user, status=Membership.Status.ACTIVE)
        .first()
    )
    if membership is None:
        raise DomainError(_("You are not a member of %(org)s.") % {"org": organisation.name})
    if membership.role == Membership.Role.REPRESENTATIVE:
        others = (
            Membership.objects.select_for_update()
            .filter(organisation=organisation, role=Membership.Role.REPRESENTATIVE, status=Membership.Status.ACTIVE)
            .exclude(pk=membership.pk)
        )
        if not others.exists():
            raise DomainError(
                _("You are the only representative of %(org)s: ask platform staff to appoint another one first.")
                % {"org": organisation.name}
            )
    membership.delete()
    permcache.forget(user)


@transaction.atomic
def organisation_verify(*, actor: User, organisation: Organisation, verified: bool) -> Organisation:
    """Staff, or a coordinator of an EDP in the organisation's region,
    confirm (or refuse) that it is real and its representative may speak for it."""
    permissions.require(actor, "stakeholders.verify_organisation", organisation)
    organisation = Organisation.objects.select_for_update(of=("self",)).select_related("region").get(pk=organisation.pk)
    organisation.verified_by = actor
    organisation.verified_at = timezone.now()
    Organisation.lifecycle.apply(
        organisation, "verify" if verified else "refuse", actor=actor, update_fields=["verified_by", "verified_at"]
    )
    notification_emit(event="stakeholders.verification_decided", target=organisation, actor=actor)
    return organisation
