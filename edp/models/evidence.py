"""The evidence base of an EDP: regional assets, the SWOT board, region facts."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Lifecycle

from .process import EDP


class AssetDimension(models.TextChoices):
    """The six dimensions of regional strengths and assets (DOMAIN.md, Table 1.2)."""

    ECONOMIC = "economic", _("Economic")
    GEOGRAPHIC = "geographic", _("Geographic")
    INSTITUTIONAL = "institutional", _("Institutional")
    CULTURAL = "cultural", _("Cultural")
    KNOWLEDGE = "knowledge", _("Knowledge-based")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")


class RegionalAsset(models.Model):
    """A strength or asset of the region that ideas can build on."""

    edp = models.ForeignKey(EDP, on_delete=models.CASCADE, related_name="assets", verbose_name=_("EDP"))
    dimension = models.CharField(_("dimension"), max_length=20, choices=AssetDimension.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_immobile = models.BooleanField(
        _("relatively immobile"),
        default=False,
        help_text=_("Assets that cannot easily move elsewhere (resources, location, institutions) come first."),
    )
    evidence_source = models.CharField(_("evidence: source"), max_length=200, blank=True)
    evidence_figure = models.CharField(
        _("evidence: figure"),
        max_length=200,
        blank=True,
        # The "%" here is a literal percent sign, not a placeholder:
        # xgettext:no-python-format
        help_text=_("e.g. “42% of national aluminium output”"),
    )
    evidence_url = models.URLField(_("evidence: link"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["dimension", "-is_immobile", "title"]
        verbose_name = _("regional asset")
        verbose_name_plural = _("regional assets")
        constraints = [models.UniqueConstraint(fields=["edp", "title"], name="asset_unique_title_per_edp")]

    def __str__(self) -> str:
        return self.title


class SWOTEntry(models.Model):
    """One line on the SWOT board: participants propose, the coordinator curates."""

    class Quadrant(models.TextChoices):
        STRENGTH = "strength", _("Strengths")
        WEAKNESS = "weakness", _("Weaknesses")
        OPPORTUNITY = "opportunity", _("Opportunities")
        THREAT = "threat", _("Threats")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    lifecycle: ClassVar[Lifecycle]  # declared in edp.lifecycles

    edp = models.ForeignKey(EDP, on_delete=models.CASCADE, related_name="swot_entries", verbose_name=_("EDP"))
    quadrant = models.CharField(_("quadrant"), max_length=12, choices=Quadrant.choices)
    text = models.CharField(_("text"), max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="swot_entries"
    )
    meeting = models.ForeignKey(
        "edp.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="swot_entries",
        verbose_name=_("meeting where it came up"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    curator_note = models.CharField(_("curator's note"), max_length=300, blank=True)
    curated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["quadrant", "created_at", "id"]
        verbose_name = _("SWOT entry")
        verbose_name_plural = _("SWOT entries")
        indexes = [models.Index(fields=["edp", "status"])]

    def __str__(self) -> str:
        return self.text


class RegionFact(models.Model):
    """A statistic about a region (GRP per capita, output per worker...) with
    its year and source, so every figure shown can be traced."""

    region = models.ForeignKey(
        "stakeholders.Region", on_delete=models.CASCADE, related_name="facts", verbose_name=_("region")
    )
    indicator = models.CharField(_("indicator"), max_length=120)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source link"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "-year"]
        verbose_name = _("region fact")
        verbose_name_plural = _("region facts")
        constraints = [
            models.UniqueConstraint(fields=["region", "indicator", "year"], name="regionfact_unique_per_year"),
            models.CheckConstraint(condition=models.Q(year__gte=1990, year__lte=2100), name="regionfact_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ({self.year}): {self.value} {self.unit}".strip()
