import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..workflow import Stage


class EDP(models.Model):
    """One Entrepreneurial Discovery Process run by a region's akimat."""

    region = models.ForeignKey(
        "stakeholders.Region", on_delete=models.PROTECT, related_name="edps", verbose_name=_("region")
    )
    owner = models.ForeignKey(
        "stakeholders.Organisation",
        on_delete=models.PROTECT,
        related_name="owned_edps",
        verbose_name=_("owning organisation"),
        help_text=_("The akimat that runs the process."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("public address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    period_start = models.PositiveSmallIntegerField(_("period start year"))
    period_end = models.PositiveSmallIntegerField(_("period end year"))
    stage = models.CharField(
        _("current stage"), max_length=20, choices=Stage.choices, default=Stage.PREPARATION, db_index=True
    )
    underrepresented_share = models.PositiveSmallIntegerField(
        _("under-representation warning threshold (%)"),
        default=15,
        help_text=_("Warn when a helix has less than this share of participants."),
    )
    ideas_close_at = models.DateTimeField(
        _("call for ideas closes at"),
        null=True,
        blank=True,
        help_text=_(
            "Ideas can be submitted during the foresight stage until this moment. Leave empty for no deadline."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("EDP")
        verbose_name_plural = _("EDPs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="edp_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("edp:detail", kwargs={"slug": self.slug})

    @property
    def edp(self) -> "EDP":
        # Lets rules predicates resolve "the EDP of" any object uniformly.
        return self


class EDPStage(models.Model):
    """Planned dates and actual open/close times of one stage of one EDP."""

    edp = models.ForeignKey(EDP, on_delete=models.CASCADE, related_name="stages", verbose_name=_("EDP"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["edp", "id"]
        verbose_name = _("EDP stage")
        verbose_name_plural = _("EDP stages")
        constraints = [models.UniqueConstraint(fields=["edp", "stage"], name="edpstage_unique")]

    def __str__(self) -> str:
        return f"{self.edp} – {self.get_stage_display()}"


class StageTransition(models.Model):
    """The public timeline: every stage change with who, when and why."""

    edp = models.ForeignKey(EDP, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("EDP"))
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    is_reopening = models.BooleanField(_("reopening"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        indexes = [models.Index(fields=["edp", "created_at"])]

    def __str__(self) -> str:
        return f"{self.edp}: {self.from_stage or '-'} → {self.to_stage}"


class EDPRole(models.Model):
    """A person's role in one EDP. Powers never cross EDPs (or regions)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        FACILITATOR = "facilitator", _("Facilitator")
        EVALUATOR = "evaluator", _("Evaluator")
        MODERATOR = "moderator", _("Moderator")

    edp = models.ForeignKey(EDP, on_delete=models.CASCADE, related_name="roles", verbose_name=_("EDP"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="edp_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("EDP role")
        verbose_name_plural = _("EDP roles")
        constraints = [models.UniqueConstraint(fields=["edp", "user", "role"], name="edprole_unique")]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.edp}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class RoleInvitation(models.Model):
    """An emailed invitation to take a role in one EDP.

    The link carries a secret token and keeps working through sign-up and
    email verification; it grants the role only to someone signed in with a
    verified address equal to the invited one, so a forwarded link gives a
    stranger nothing.
    """

    edp = models.ForeignKey(EDP, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("EDP"))
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=EDPRole.Role.choices)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("role invitation")
        verbose_name_plural = _("role invitations")
        indexes = [models.Index(fields=["edp", "email"])]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()} – {self.edp}"

    def get_absolute_url(self) -> str:
        return reverse("edp:invitation", kwargs={"token": self.token})

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
