"""A public council, its terms, its members and their declared interests."""

from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stakeholders.choices import Helix

from ..choices import MemberRole, SelectedBy
from ..composition import Rule


class Council(models.Model):
    """A public council of a region (Law of 2 November 2015). It may advise
    one EDP (its tab then shows in the EDP header) or one plan's steering."""

    region = models.ForeignKey(
        "stakeholders.Region", on_delete=models.PROTECT, related_name="councils", verbose_name=_("region")
    )
    edp = models.ForeignKey(
        "edp.EDP",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="councils",
        verbose_name=_("advises the process"),
    )
    plan = models.ForeignKey(
        "plans.ActionPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="councils",
        verbose_name=_("sits on the steering of the plan"),
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), help_text=_("What the council is for. Markdown is allowed."))
    seats = models.PositiveSmallIntegerField(_("seats"), default=12)
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_secretariats",
        verbose_name=_("secretary"),
    )
    home_district = models.ForeignKey(
        "stakeholders.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("usually meets in"),
        help_text=_("Hearings elsewhere are marked as held outside the regional capital."),
    )
    # The report (3.3.2): members pay their own travel today; a budget line is recommended.
    expenses_budget_kzt = models.DecimalField(
        _("members' expenses budget (KZT a year)"), max_digits=14, decimal_places=2, default=0
    )
    expenses_note = models.CharField(_("what the budget covers"), max_length=300, blank=True)
    # The composition rule (composition.Rule).
    civil_min_numerator = models.PositiveSmallIntegerField(_("civil society share: numerator"), default=2)
    civil_min_denominator = models.PositiveSmallIntegerField(_("civil society share: denominator"), default=3)
    official_max_numerator = models.PositiveSmallIntegerField(_("officials' share: numerator"), default=1)
    official_max_denominator = models.PositiveSmallIntegerField(_("officials' share: denominator"), default=3)
    business_counts_as_civil = models.BooleanField(
        _("business associations count as civil society"),
        default=False,
        help_text=_("Only where the council's own rules say so."),
    )
    academia_counts_as_civil = models.BooleanField(_("academia counts as civil society"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("public council")
        verbose_name_plural = _("public councils")
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="council_has_seats"),
            models.CheckConstraint(
                condition=Q(civil_min_denominator__gte=1)
                & Q(official_max_denominator__gte=1)
                & Q(civil_min_numerator__lte=models.F("civil_min_denominator"))
                & Q(official_max_numerator__lte=models.F("official_max_denominator")),
                name="council_shares_are_fractions",
            ),
            models.CheckConstraint(condition=Q(expenses_budget_kzt__gte=0), name="council_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:detail", kwargs={"slug": self.slug})

    @property
    def rule(self) -> Rule:
        return Rule(
            civil_min=Fraction(self.civil_min_numerator, self.civil_min_denominator),
            official_max=Fraction(self.official_max_numerator, self.official_max_denominator),
            business_counts_as_civil=self.business_counts_as_civil,
            academia_counts_as_civil=self.academia_counts_as_civil,
        )


class CouncilTerm(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField(_("term"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["council", "starts_on"]
        verbose_name = _("council term")
        verbose_name_plural = _("council terms")
        constraints = [
            models.UniqueConstraint(fields=["council", "number"], name="councilterm_unique_number"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="councilterm_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.council} ({self.starts_on:%Y}–{self.ends_on:%Y})"

    @property
    def is_current(self) -> bool:
        return self.starts_on <= timezone.localdate() <= self.ends_on


class CouncilMember(models.Model):
    """A person's seat on the council for one term. The helix is recorded
    when they take the seat (from the organisation they sit for, or their
    own), so the council's composition is what it was, whatever changes later."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Sitting")
        LEFT = "left", _("Left")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    term = models.ForeignKey(CouncilTerm, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_seats")
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("affiliation"),
    )
    helix = models.CharField(_("helix"), max_length=20, choices=Helix.choices)
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    selected_by = models.CharField(
        _("how the seat was filled"), max_length=20, choices=SelectedBy.choices, default=SelectedBy.APPOINTED
    )
    draw = models.ForeignKey("councils.Draw", on_delete=models.SET_NULL, null=True, blank=True, related_name="seated")
    pseudonym = models.CharField(_("pseudonym in the draw"), max_length=12, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("why they left"), max_length=300, blank=True)

    class Meta:
        ordering = ["council", "role", "joined_on", "id"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "user"], condition=Q(status="active"), name="councilmember_one_active_seat_per_term"
            )
        ]
        indexes = [models.Index(fields=["council", "status"]), models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.council}"


class ConflictDeclaration(models.Model):
    """An interest a member declares: in general, or on one agenda item of a
    meeting (they then take no part in it). Public."""

    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="conflicts")
    meeting = models.ForeignKey(
        "edp.Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="council_conflicts"
    )
    # Agenda items are rewritten when a meeting's agenda is edited; the title
    # keeps the declaration readable if its item goes.
    agenda_item = models.ForeignKey(
        "edp.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="council_conflicts"
    )
    item_title = models.CharField(_("agenda item"), max_length=200, blank=True)
    interest = models.TextField(_("interest declared"))
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-declared_at", "id"]
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")

    def __str__(self) -> str:
        return f"{self.member}: {self.interest[:40]}"


class CouncilFollower(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_councils")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("council follower")
        verbose_name_plural = _("council followers")
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="councilfollower_unique")]
