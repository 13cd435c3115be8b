"""Formal opinions of a council on a draft (a plan version, a consultation's
candidate priorities...) with recommendations the akimat must answer, and
citizens' questions before a hearing."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import Answer, Position


class Opinion(models.Model):
    """The council's opinion on one subject (and, for a plan, one version of
    it). The subject is generic so that any module's drafts (a
    participatory-budgeting programme...) can be given an opinion on: see
    ``councils.subjects``."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        DRAFT = "draft", _("Being written")
        PUBLISHED = "published", _("Given: awaiting answers")
        ANSWERED = "answered", _("Given and answered")

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="opinions")
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_version = models.PositiveSmallIntegerField(_("version"), default=1)
    subject_title = models.CharField(_("on"), max_length=300)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    position = models.CharField(_("position"), max_length=30, choices=Position.choices, blank=True)
    text = models.TextField(_("opinion"), blank=True, help_text=_("Markdown is allowed."))
    meeting = models.ForeignKey(
        "edp.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_opinions",
        verbose_name=_("decided at the meeting"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("council opinion")
        verbose_name_plural = _("council opinions")
        indexes = [models.Index(fields=["subject_type", "subject_id", "subject_version"])]

    def __str__(self) -> str:
        return f"{self.council}: {self.subject_title}"

    def get_absolute_url(self) -> str:
        return reverse("councils:opinion", kwargs={"slug": self.council.slug, "pk": self.pk})

    @property
    def subject_label(self) -> str:
        from ..subjects import title_of

        return title_of(self)


class Recommendation(models.Model):
    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("recommendation"))
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    answer_reason = models.TextField(_("reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opinion", "position", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)


class HearingQuestion(models.Model):
    """A question a citizen sends before a hearing (or office hours); listed
    with its answer afterwards."""

    meeting = models.ForeignKey("edp.Meeting", on_delete=models.CASCADE, related_name="council_questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hearing_questions")
    text = models.TextField(_("question"))
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "asked_at", "id"]
        verbose_name = _("hearing question")
        verbose_name_plural = _("hearing questions")

    def __str__(self) -> str:
        return self.text[:60]
