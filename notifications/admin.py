"""Staff see the outbox here: failed deliveries with their error, and can send them again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import outbox
from .models import Announcement, Delivery, Digest, Event, Notification, Preference, SentReminder


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "key",
        "target_type",
        "target_id",
        "created_at",
        "recipients_done",
        "recipients_total",
        "fanned_out_at",
    ]
    list_filter = ["key", ("fanned_out_at", admin.EmptyFieldListFilter)]
    readonly_fields = [f.name for f in Event._meta.fields]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "event", "recipient", "created_at", "read_at"]
    list_select_related = ["event", "recipient"]
    raw_id_fields = ["event", "recipient"]
    readonly_fields = ["event", "recipient", "created_at", "read_at"]
    show_full_result_count = False


@admin.action(description=_("Send again now"))
def retry_deliveries(modeladmin, request, queryset):
    ids = list(
        queryset.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.PENDING]).values_list("pk", flat=True)
    )
    Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.PENDING, attempts=0, next_attempt_at=None)
    sent = outbox.dispatch_emails(ids)
    modeladmin.message_user(request, _("%(count)s deliveries queued again.") % {"count": sent}, messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "channel", "status", "attempts", "short_error", "created_at", "next_attempt_at", "sent_at"]
    list_filter = ["status", "channel"]
    list_select_related = ["notification__event"]
    search_fields = ["=idempotency_key", "last_error"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = [retry_deliveries]
    show_full_result_count = False

    @admin.display(description=_("last error"))
    def short_error(self, obj: Delivery) -> str:
        return obj.last_error[:120]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["id", "recipient", "day", "attempts", "sent_at", "failed_at", "last_error"]
    list_filter = ["day", ("failed_at", admin.EmptyFieldListFilter), ("sent_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["recipient"]
    readonly_fields = [f.name for f in Digest._meta.fields]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "mode", "updated_at"]
    list_filter = ["event", "mode"]
    raw_id_fields = ["user"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["provider", "occurrence", "created_at"]
    list_filter = ["provider"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def has_add_permission(self, request):
        # Publishing notifies people: it goes through the announcement page.
        return False
