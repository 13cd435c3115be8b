from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Lifecycle
from stakeholders.choices import Helix

COMMENT_MAX_LENGTH = 3000


class Stance(models.Model):
    """One person's position on one item. The unique constraint, not a check
    before insert, is what guarantees one row under concurrent submissions."""

    class Position(models.TextChoices):
        SUPPORT = "support", _("Support")
        NEUTRAL = "neutral", _("Neutral")
        OPPOSE = "oppose", _("Oppose")

    item = models.ForeignKey("consultations.ConsultationItem", on_delete=models.CASCADE, related_name="stances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_stances")
    position = models.CharField(_("stance"), max_length=10, choices=Position.choices)
    # Who the person was when they took part: the report counts them this way.
    helix = models.CharField(_("helix"), max_length=20, choices=Helix.choices)
    region = models.ForeignKey(
        "stakeholders.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stance")
        verbose_name_plural = _("stances")
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="stance_one_per_person_per_item")]
        indexes = [models.Index(fields=["item", "position", "helix"])]

    def __str__(self) -> str:
        return f"{self.get_position_display()} – {self.item}"


# The thread a comment belongs to: its own id for a top-level comment, its
# parent's for a reply (threads are two levels deep).
THREAD = Coalesce("parent_id", "id")


class Comment(models.Model):
    """A comment on an item, or a reply to one (threads are two levels deep)."""

    lifecycle: ClassVar[Lifecycle]  # consultations/lifecycles.py

    THREAD = THREAD

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        PENDING_REVIEW = "pending_review", _("Hidden pending review")
        HIDDEN = "hidden", _("Hidden by a moderator")
        DELETED = "deleted", _("Deleted by its author")

    item = models.ForeignKey("consultations.ConsultationItem", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("reply to")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_comments")
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    # Rendered and sanitised once at write time: reading pages never re-parse.
    body_html = models.TextField(editable=False)
    show_as_resident = models.BooleanField(_("appear as a resident of my region instead of my name"), default=False)
    author_helix = models.CharField(_("helix"), max_length=20, choices=Helix.choices)
    author_region = models.ForeignKey(
        "stakeholders.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VISIBLE)
    moderation_reason = models.CharField(_("public reason"), max_length=300, blank=True)
    helpful_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    flag_count = models.PositiveIntegerField(default=0, help_text=_("Flags not yet reviewed."))
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # The two orders of an item page (top-level comments only).
            models.Index(
                fields=["item", "-created_at", "-id"], condition=models.Q(parent__isnull=True), name="comment_newest"
            ),
            models.Index(
                fields=["item", "-helpful_count", "-created_at", "-id"],
                condition=models.Q(parent__isnull=True),
                name="comment_most_helpful",
            ),
            # A batch of threads is read by thread (see selectors.item_comments).
            models.Index(THREAD, name="comment_thread"),
            # The rate limit counts a person's recent comments.
            models.Index(fields=["author", "created_at"], name="comment_author_recent"),
            models.Index(fields=["status", "flag_count"], name="comment_moderation_queue"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="comment_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} on {self.item_id}"

    @property
    def consultation(self):
        return self.item.consultation

    @property
    def edp(self):
        # Lets edp.rules resolve the EDP of a comment (moderators act per EDP).
        return self.item.consultation.edp

    @property
    def is_visible(self) -> bool:
        return self.lifecycle.is_in(self, self.Status.VISIBLE)

    @property
    def is_deleted(self) -> bool:
        return self.lifecycle.is_in(self, self.Status.DELETED)

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def author_label(self) -> str:
        """How the author appears to others: their public name, or "a resident
        of <region>" when they chose not to show it."""
        if self.show_as_resident:
            if self.author_region_id:
                return str(_("A resident of %(region)s") % {"region": self.author_region})
            return str(_("A resident"))
        return self.author.public_name


class HelpfulMark(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="helpful_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("helpful mark")
        verbose_name_plural = _("helpful marks")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="helpful_one_per_person")]
        indexes = [models.Index(fields=["user", "comment"])]
