"""Selection by lot: the call for volunteers, its commission, the pool, the
quotas, the draw and the seats filled from the alternates (councils.sortition)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stakeholders.choices import Helix

from ..choices import AgeBand, Gender, QuotaFeature


class VolunteerCall(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Open for volunteers")
        CLOSED = "closed", _("Closed: pool frozen")
        DRAWING = "drawing", _("Draw running")
        DRAWN = "drawn", _("Drawn")
        CANCELLED = "cancelled", _("Cancelled")

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="calls")
    term = models.ForeignKey(
        "councils.CouncilTerm", on_delete=models.PROTECT, related_name="calls", verbose_name=_("seats for the term")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is allowed."))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    seats_to_fill = models.PositiveSmallIntegerField(_("seats to fill"))
    alternates_wanted = models.PositiveSmallIntegerField(_("alternates to draw"), default=3)
    commission_size = models.PositiveSmallIntegerField(
        _("members of the selection commission"),
        default=3,
        help_text=_("One third government at most, two thirds civil society at least."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # The published procedure (councils.sortition). The secret is shown only
    # once the draw is published; its hash is public from the opening.
    secret = models.CharField(max_length=64, editable=False)
    commitment = models.CharField(_("commitment (SHA-256 of the secret)"), max_length=64, editable=False)
    beacon_source = models.CharField(
        _("public value: where it will come from"),
        max_length=300,
        help_text=_(
            "Announced when the call opens, e.g. “the drand randomness beacon, first round after the call closes”."
        ),
    )
    beacon_value = models.CharField(_("public value"), max_length=300, blank=True)
    beacon_recorded_at = models.DateTimeField(null=True, blank=True)
    pool_digest = models.CharField(_("pool digest (SHA-256)"), max_length=64, blank=True)
    pool_frozen_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    # The draw runs in a worker (a few seconds of solver time); who started it and what went wrong.
    draw_started_at = models.DateTimeField(null=True, blank=True)
    draw_started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    draw_error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("call for volunteers")
        verbose_name_plural = _("calls for volunteers")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="volunteercall_closes_after"),
            models.CheckConstraint(condition=Q(seats_to_fill__gte=1), name="volunteercall_fills_a_seat"),
            models.CheckConstraint(condition=Q(commission_size__gte=1), name="volunteercall_has_commission"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("councils:call", kwargs={"slug": self.council.slug, "pk": self.pk})

    @property
    def quotas_locked(self) -> bool:
        """Quotas are fixed before anyone knows the public value."""
        return self.beacon_recorded_at is not None


class CommissionSeat(models.Model):
    """A seat on the call's selection commission (Kyrgyzstan's model: one
    third government, two thirds civil society)."""

    call = models.ForeignKey(VolunteerCall, on_delete=models.CASCADE, related_name="commission")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commission_seats")
    organisation = models.ForeignKey(
        "stakeholders.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    helix = models.CharField(_("helix"), max_length=20, choices=Helix.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "id"]
        verbose_name = _("selection commission seat")
        verbose_name_plural = _("selection commission seats")
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="commissionseat_one_per_person")]


class Volunteer(models.Model):
    """A person in the call's pool. Personal data: only the pseudonym and the
    four quota features are ever published."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In the pool")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    call = models.ForeignKey(VolunteerCall, on_delete=models.CASCADE, related_name="volunteers")
    # Emptied when the person deletes their account after the pool was frozen:
    # the published pseudonymised row must stay as it was drawn.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="council_volunteering"
    )
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("volunteering for"),
    )
    helix = models.CharField(_("helix"), max_length=20, choices=Helix.choices)
    district = models.ForeignKey(
        "stakeholders.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    motivation = models.TextField(_("why I volunteer"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    pseudonym = models.CharField(_("pseudonym"), max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "pseudonym", "id"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "user"], condition=Q(user__isnull=False), name="volunteer_once_per_call"
            ),
            models.UniqueConstraint(
                fields=["call", "pseudonym"], condition=~Q(pseudonym=""), name="volunteer_unique_pseudonym"
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym or f"#{self.pk}"


class Quota(models.Model):
    call = models.ForeignKey(VolunteerCall, on_delete=models.CASCADE, related_name="quotas")
    feature = models.CharField(_("feature"), max_length=10, choices=QuotaFeature.choices)
    value = models.CharField(_("value"), max_length=40)
    minimum = models.PositiveSmallIntegerField(_("at least"), default=0)
    maximum = models.PositiveSmallIntegerField(_("at most"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["call", "feature", "value"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(fields=["call", "feature", "value"], name="quota_unique_value"),
            models.CheckConstraint(condition=Q(maximum__gte=models.F("minimum")), name="quota_max_not_below_min"),
        ]


class Draw(models.Model):
    """The published draw of a call: its whole public record (the JSON that
    ``python -m councils.sortition`` re-runs) and the panel it seated."""

    call = models.OneToOneField(VolunteerCall, on_delete=models.CASCADE, related_name="draw")
    seed = models.CharField(max_length=64)
    record = models.JSONField()
    panel = models.JSONField(default=list)
    alternates = models.JSONField(default=list)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    drawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")

    def __str__(self) -> str:
        return f"{self.call} – {self.drawn_at:%Y-%m-%d}"


class Replacement(models.Model):
    """An empty seat filled from the alternates, by the same rule (a draw of one)."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="replacements")
    number = models.PositiveSmallIntegerField()
    left = models.ForeignKey("councils.CouncilMember", on_delete=models.SET_NULL, null=True, related_name="replaced_by")
    left_pseudonym = models.CharField(max_length=12)
    chosen_pseudonym = models.CharField(max_length=12)
    seated = models.ForeignKey("councils.CouncilMember", on_delete=models.SET_NULL, null=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["draw", "number"]
        constraints = [models.UniqueConstraint(fields=["draw", "number"], name="replacement_unique_number")]
