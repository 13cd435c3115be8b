from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.lifecycle import Lifecycle
from stakeholders.choices import Helix

# Stance.Position values (participation.py imports this module, not the reverse).
STANCE_POSITIONS = ("support", "neutral", "oppose")


def helix_counter(helix: str, position: str) -> str:
    """The item's counter of stances with this helix and position."""
    return f"{helix}_{position}_count"


COUNTER_FIELDS = [f"{p}_count" for p in STANCE_POSITIONS] + ["comment_count"]
COUNTER_FIELDS += [helix_counter(h, p) for h in Helix.values for p in STANCE_POSITIONS]


class ConsultationState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    REPORT_PUBLISHED = "report_published", _("Report published")


class ConsultationQuerySet(models.QuerySet):
    def with_state(self, now=None) -> "ConsultationQuerySet":
        """Annotate ``current_state`` computed in the database, so lists can
        filter by state without a periodic job flipping a column."""
        now = now or timezone.now()
        effective_close = Least("closes_at", Coalesce("closed_early_at", "closes_at"))
        return self.annotate(
            current_state=models.Case(
                models.When(report_published_at__isnull=False, then=models.Value(ConsultationState.REPORT_PUBLISHED)),
                models.When(opens_at__gt=now, then=models.Value(ConsultationState.SCHEDULED)),
                models.When(
                    models.Q(closes_at__lte=now) | models.Q(closed_early_at__lte=now),
                    then=models.Value(ConsultationState.CLOSED),
                ),
                default=models.Value(ConsultationState.OPEN),
                output_field=models.CharField(),
            ),
            effective_close=effective_close,
        )


class Consultation(models.Model):
    """A public consultation on a set of items (candidate specialisations,
    sections of a draft plan...).

    The state follows from the dates rather than being stored: a consultation
    opens and closes on time without a scheduler, and an early close or the
    report's publication are recorded as facts (who, when, why).
    """

    lifecycle: ClassVar[Lifecycle]  # consultations/lifecycles.py

    edp = models.ForeignKey("edp.EDP", on_delete=models.CASCADE, related_name="consultations", verbose_name=_("EDP"))
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("What is being consulted on and why. Markdown: *emphasis*, lists, links."),
    )
    opens_at = models.DateTimeField(_("opens at"), db_index=True)
    closes_at = models.DateTimeField(_("closes at"), db_index=True)
    closed_early_at = models.DateTimeField(_("closed early at"), null=True, blank=True)
    closed_early_reason = models.TextField(_("reason for closing early"), blank=True)
    flag_threshold = models.PositiveSmallIntegerField(
        _("flags before a comment is hidden for review"),
        default=3,
        help_text=_("After this many flags from different people a comment is hidden until a moderator reviews it."),
    )
    report_summary = models.TextField(
        _("report summary"), blank=True, help_text=_("The coordinator's conclusions, shown at the top of the report.")
    )
    report_published_at = models.DateTimeField(_("report published at"), null=True, blank=True)
    report_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="consultation_dates_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(flag_threshold__gte=1), name="consultation_flag_threshold_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:detail", args=[self.pk])

    @property
    def closed_early(self) -> bool:
        return bool(self.closed_early_at and self.closed_early_at < self.closes_at)

    @property
    def effective_closes_at(self):
        return self.closed_early_at if self.closed_early else self.closes_at

    def state_at(self, now) -> str:
        """The one definition of the state (``with_state`` mirrors it in SQL
        for lists); ``Consultation.lifecycle`` reads it as ``state``."""
        if self.report_published_at:
            return ConsultationState.REPORT_PUBLISHED
        if now < self.opens_at:
            return ConsultationState.SCHEDULED
        if now >= self.effective_closes_at:
            return ConsultationState.CLOSED
        return ConsultationState.OPEN

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())

    def get_state_display(self) -> str:
        return str(ConsultationState(self.state).label)

    @property
    def is_open(self) -> bool:
        return self.lifecycle.is_in(self, ConsultationState.OPEN)

    @property
    def is_closed(self) -> bool:
        return self.lifecycle.is_in(self, "ended")


class ConsultationItem(models.Model):
    """One thing people react to. Title and body are a snapshot taken when the
    consultation was set up, so later edits of the source (a candidate
    specialisation, a plan section) never change what people commented on;
    ``source`` keeps the link back to it."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="items", verbose_name=_("consultation")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown: *emphasis*, lists, links."))
    source_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    # Denormalised counters, changed only with F() under the item's row lock
    # (see services.participation); consultation_recount() rebuilds them.
    support_count = models.PositiveIntegerField(default=0)
    neutral_count = models.PositiveIntegerField(default=0)
    oppose_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    # The same stances by helix (the stance's helix, frozen when it was
    # taken), moved in the same UPDATE as the totals: the item page draws its
    # chart without counting stance rows. Names: see helix_counter().
    government_support_count = models.PositiveIntegerField(default=0)
    government_neutral_count = models.PositiveIntegerField(default=0)
    government_oppose_count = models.PositiveIntegerField(default=0)
    industry_support_count = models.PositiveIntegerField(default=0)
    industry_neutral_count = models.PositiveIntegerField(default=0)
    industry_oppose_count = models.PositiveIntegerField(default=0)
    academia_support_count = models.PositiveIntegerField(default=0)
    academia_neutral_count = models.PositiveIntegerField(default=0)
    academia_oppose_count = models.PositiveIntegerField(default=0)
    civil_society_support_count = models.PositiveIntegerField(default=0)
    civil_society_neutral_count = models.PositiveIntegerField(default=0)
    civil_society_oppose_count = models.PositiveIntegerField(default=0)

    # Edits of title, text and order are kept (who, when, why); the counters
    # move on every stance and comment and are no part of that history.
    history = HistoricalRecords(excluded_fields=COUNTER_FIELDS)

    class Meta:
        ordering = ["consultation", "position", "id"]
        verbose_name = _("consultation item")
        verbose_name_plural = _("consultation items")
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:item", args=[self.pk])

    @property
    def edp(self):
        return self.consultation.edp

    @property
    def stance_total(self) -> int:
        return self.support_count + self.neutral_count + self.oppose_count

    def stances_by_helix(self) -> dict[str, dict[str, int]]:
        """{helix: {position: n}} from the counters (as selectors.stance_by_helix)."""
        return {
            helix: {position: getattr(self, helix_counter(helix, position)) for position in STANCE_POSITIONS}
            for helix in Helix.values
        }
