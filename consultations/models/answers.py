from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Answer(models.Model):
    """ "You said, we did": the coordinator's public answer to one comment or
    a group of comments that make the same point."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(
        "consultations.ConsultationItem", on_delete=models.CASCADE, related_name="answers", verbose_name=_("item")
    )
    comments = models.ManyToManyField("consultations.Comment", related_name="answers", verbose_name=_("comments"))
    summary = models.CharField(
        _("what people said"), max_length=300, help_text=_("One line summing up the point these comments make.")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(
        _("what we did and why"), max_length=4000, help_text=_("Markdown: *emphasis*, lists, links.")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item__position", "item_id", "created_at"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.summary


class HearingLink(models.Model):
    """A public hearing (an ``edp`` meeting of that kind) attached to a
    consultation: its minutes join the consultation's record and report."""

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.CASCADE, related_name="hearings")
    meeting = models.ForeignKey("edp.Meeting", on_delete=models.CASCADE, related_name="consultation_links")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting__starts_at", "id"]
        verbose_name = _("public hearing")
        verbose_name_plural = _("public hearings")
        constraints = [models.UniqueConstraint(fields=["consultation", "meeting"], name="hearing_attached_once")]
