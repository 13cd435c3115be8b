from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Flag(models.Model):
    """Someone asks moderators to look at a comment."""

    class Reason(models.TextChoices):
        OFF_TOPIC = "off_topic", _("Off-topic")
        ABUSIVE = "abusive", _("Insulting, threatening or discriminatory")
        SPAM = "spam", _("Advertising or spam")
        PERSONAL_DATA = "personal_data", _("Publishes personal data")
        MISINFORMATION = "misinformation", _("Deliberately misleading")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey("consultations.Comment", on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="flag_one_per_person")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} – {self.comment_id}"


class CommentingBlock(models.Model):
    """A moderator pauses one person's commenting in one consultation."""

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.CASCADE, related_name="blocks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    until = models.DateTimeField(_("blocked until"))
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("commenting block")
        verbose_name_plural = _("commenting blocks")
        indexes = [models.Index(fields=["consultation", "user", "until"])]


class ModerationAction(models.Model):
    """The moderation log: every decision, who took it and why."""

    class Kind(models.TextChoices):
        HIDE = "hide", _("Hid a comment")
        RESTORE = "restore", _("Restored a comment")
        AUTO_HIDE = "auto_hide", _("Comment hidden pending review after flags")
        DISMISS_FLAGS = "dismiss_flags", _("Dismissed the flags of a comment")
        BLOCK = "block", _("Blocked a person from commenting")
        UNBLOCK = "unblock", _("Lifted a commenting block")

    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="moderation_actions"
    )
    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    comment = models.ForeignKey(
        "consultations.Comment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the platform acted on its own (flag threshold)."),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
