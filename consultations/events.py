"""Keys of the notifications this app causes (strategies in notification_events.py)."""

REPLY_POSTED = "consultations.reply_posted"
COMMENT_HIDDEN = "consultations.comment_hidden"
COMMENT_RESTORED = "consultations.comment_restored"
COMMENT_ANSWERED = "consultations.comment_answered"
CONSULTATION_OPENED = "consultations.consultation_opened"
