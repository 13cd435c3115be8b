import re
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import lifecycle
from core.lifecycle import Lifecycle

from .choices import HELIX_OF_KIND, Helix, OrganisationKind


class Region(models.Model):
    """An administrative region: an oblast or a city of republican significance."""

    class Kind(models.TextChoices):
        OBLAST = "oblast", _("Region (oblast)")
        CITY = "city", _("City of republican significance")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    is_pilot = models.BooleanField(
        _("smart-specialisation pilot"),
        default=False,
        help_text=_("One of the six pilot regions proposed by the OECD."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="districts", verbose_name=_("region"))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="district_unique_name_per_region")]

    def __str__(self) -> str:
        return self.name


BIN_RE = re.compile(r"^\d{12}$")


def bin_checksum_ok(value: str) -> bool:
    """Kazakhstan's BIN/IIN control digit (12th) from the first 11 digits.

    Weights 1..11 first; if the sum mod 11 is 10, weights 3..11,1,2 are used;
    if that is 10 again the number is invalid.
    """
    if not BIN_RE.match(value):
        return False
    digits = [int(c) for c in value]
    first = sum(d * w for d, w in zip(digits[:11], range(1, 12), strict=True)) % 11
    if first == 10:
        weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        first = sum(d * w for d, w in zip(digits[:11], weights, strict=True)) % 11
        if first == 10:
            return False
    return first == digits[11]


def validate_bin(value: str) -> None:
    if not BIN_RE.match(value or ""):
        raise ValidationError(_("A BIN has exactly 12 digits."), code="bin_format")
    if not bin_checksum_ok(value):
        raise ValidationError(_("This BIN's control digit is wrong: please check the number."), code="bin_checksum")


class Organisation(models.Model):
    """A stakeholder organisation of the quadruple helix."""

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("Not verified")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Verification refused")

    lifecycle: ClassVar[Lifecycle]  # its verification, declared below

    name = models.CharField(_("name"), max_length=200)
    helix = models.CharField(_("helix"), max_length=20, choices=Helix.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("region"))
    bin = models.CharField(
        _("BIN"),
        max_length=12,
        blank=True,
        validators=[validate_bin],
        help_text=_("Business identification number: 12 digits."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    verification = models.CharField(
        _("verification"), max_length=12, choices=Verification.choices, default=Verification.UNVERIFIED, db_index=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["bin"], condition=~models.Q(bin=""), name="organisation_unique_bin"),
            models.UniqueConstraint(Lower("name"), "region", name="organisation_unique_name_per_region"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return type(self).lifecycle.is_in(self, self.Verification.VERIFIED)  # declared below

    def clean(self) -> None:
        if self.kind and self.helix and HELIX_OF_KIND.get(self.kind) != self.helix:
            raise ValidationError({"kind": _("This kind of organisation does not belong to the chosen helix.")})


class Membership(models.Model):
    """A person's place in an organisation. Join requests are memberships
    waiting for a representative's approval."""

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("Representative")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")

    lifecycle: ClassVar[Lifecycle]  # declared below

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique_person")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


# --- Lifecycles (core.lifecycle): pages and services ask these tables -----------
Organisation.lifecycle = lifecycle.register(
    lifecycle.Lifecycle(
        name="organisation_verification",
        field="verification",
        states=Organisation.Verification,
        transitions=(
            # Staff may confirm or refuse again at any time (a second look, a
            # verification that turned out wrong).
            lifecycle.Transition(
                "verify",
                frozenset(Organisation.Verification.values),
                Organisation.Verification.VERIFIED,
                _("Verify"),
                permission="stakeholders.verify_organisation",
            ),
            lifecycle.Transition(
                "refuse",
                frozenset(Organisation.Verification.values),
                Organisation.Verification.REJECTED,
                _("Refuse verification"),
                permission="stakeholders.verify_organisation",
            ),
            # A representative changed what identifies a verified organisation:
            # staff have to look again (organisation_update).
            lifecycle.Transition(
                "check_again",
                frozenset({Organisation.Verification.VERIFIED}),
                Organisation.Verification.UNVERIFIED,
                _("Verify again"),
            ),
        ),
    )
)

Membership.lifecycle = lifecycle.register(
    lifecycle.Lifecycle(
        name="membership",
        field="status",
        states=Membership.Status,
        transitions=(
            lifecycle.Transition(
                "approve",
                frozenset({Membership.Status.PENDING}),
                Membership.Status.ACTIVE,
                _("Approve"),
                permission="stakeholders.decide_membership",
            ),
            lifecycle.Transition(
                "decline",
                frozenset({Membership.Status.PENDING}),
                Membership.Status.DECLINED,
                _("Decline"),
                permission="stakeholders.decide_membership",
            ),
            # A declined person may ask again: circumstances change.
            lifecycle.Transition(
                "ask_again", frozenset({Membership.Status.DECLINED}), Membership.Status.PENDING, _("Ask to join")
            ),
        ),
    )
)
