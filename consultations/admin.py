from django.contrib import admin

from .models import (
    Answer,
    Comment,
    CommentingBlock,
    Consultation,
    ConsultationItem,
    Flag,
    HearingLink,
    ModerationAction,
)


class ItemInline(admin.TabularInline):
    model = ConsultationItem
    fields = ["position", "title", "support_count", "neutral_count", "oppose_count", "comment_count"]
    readonly_fields = ["support_count", "neutral_count", "oppose_count", "comment_count"]
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "edp", "opens_at", "closes_at", "report_published_at"]
    list_filter = ["edp"]
    search_fields = ["title"]
    inlines = [ItemInline]
    raw_id_fields = ["created_by", "report_published_by"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    # Moderation happens on the site (logged, with public reasons); the admin only reads.
    list_display = ["id", "item", "author", "status", "helpful_count", "flag_count", "created_at"]
    list_filter = ["status"]
    search_fields = ["body"]
    list_select_related = ["item", "author"]
    readonly_fields = [f.name for f in Comment._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "consultation", "kind", "actor", "target_user", "reason"]
    list_filter = ["kind"]
    list_select_related = ["consultation", "actor", "target_user"]

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register([Answer, CommentingBlock, Flag, HearingLink])
