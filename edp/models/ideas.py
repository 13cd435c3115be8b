"""Ideas submitted to the call for ideas of an EDP, and their attachments."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.lifecycle import Lifecycle
from core.uploads import private_upload_to
from stakeholders.choices import Helix

from .evidence import RegionalAsset
from .meetings import Meeting
from .process import EDP

MAX_ATTACHMENTS_PER_IDEA = 5


class Idea(models.Model):
    """A proposed activity (not a sector, DOMAIN.md) for the region to become good at.

    Submitted on behalf of a verified organisation the submitter belongs to,
    or by an individual (``organisation`` empty). The helix is fixed at
    submission from that organisation (or the person), so filters, statistics
    and the evaluation panel's helix mix read one indexed column.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    lifecycle: ClassVar[Lifecycle]  # declared in edp.lifecycles

    edp = models.ForeignKey(EDP, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("EDP"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1500, help_text=_("Two or three sentences anyone can read."))
    activity = models.TextField(
        _("proposed activity"),
        help_text=_(
            "What new activity would the region do? Not a sector: e.g. not “tourism” but "
            "“an online booking service that cuts queues at border crossings”."
        ),
    )
    expected_impact = models.TextField(_("expected impact"), blank=True)
    support_needed = models.TextField(_("support needed"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas", verbose_name=_("submitter")
    )
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("submitted on behalf of"),
        help_text=_("Leave empty to submit as an individual."),
    )
    helix = models.CharField(_("helix"), max_length=20, choices=Helix.choices, blank=True, db_index=True)
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coauthored_ideas", verbose_name=_("co-authors")
    )
    partners = models.ManyToManyField(
        "stakeholders.Organisation",
        blank=True,
        related_name="partner_ideas",
        verbose_name=_("partner organisations"),
        help_text=_("Especially universities and research institutes that would take part."),
    )
    assets = models.ManyToManyField(
        RegionalAsset, blank=True, related_name="ideas", verbose_name=_("regional assets it builds on")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("meeting where it emerged"),
    )
    full_text_public = models.BooleanField(
        _("publish the full text"),
        default=False,
        help_text=_("Otherwise the public sees only the title and summary."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [models.Index(fields=["edp", "status", "submitted_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("edp:idea", kwargs={"slug": self.edp.slug, "pk": self.pk})


class IdeaAttachment(models.Model):
    """A private file attached to an idea; checked by core.uploads, served
    only through a permission-checked view."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=private_upload_to("ideas"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=160)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    @property
    def edp(self):
        return self.idea.edp
