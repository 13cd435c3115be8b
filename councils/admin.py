"""Platform staff see councils in the admin; changes go through the pages
(and their services), which check the composition rule and the procedure."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Council, CouncilMember, Draw, Opinion, VolunteerCall


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Council)
class CouncilAdmin(TranslationAdmin, ReadOnlyAdmin):
    list_display = ["name", "region", "seats", "secretary"]
    list_filter = ["region"]
    search_fields = ["name", "slug"]


@admin.register(CouncilMember)
class CouncilMemberAdmin(ReadOnlyAdmin):
    list_display = ["user", "council", "helix", "role", "selected_by", "status"]
    list_filter = ["council", "status", "selected_by"]


@admin.register(VolunteerCall)
class VolunteerCallAdmin(ReadOnlyAdmin):
    list_display = ["title", "council", "status", "opens_at", "closes_at"]
    list_filter = ["status"]
    exclude = ["secret"]


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdmin):
    list_display = ["call", "drawn_at"]


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ["subject_title", "council", "status", "position", "published_at"]
    list_filter = ["status", "position"]
