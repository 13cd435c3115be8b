from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import District, Membership, Organisation, Region


class DistrictInline(TranslationTabularInline):
    model = District
    extra = 1


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    """Regions come from a data migration; staff add districts here."""

    list_display = ["name", "code", "kind", "is_pilot"]
    list_filter = ["kind", "is_pilot"]
    search_fields = ["name_en", "name_ru", "name_kk", "code"]
    inlines = [DistrictInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(District)
class DistrictAdmin(TranslationAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name_en", "name_ru", "name_kk"]
    list_select_related = ["region"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "status", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "helix", "kind", "region", "bin", "verification", "created_at"]
    list_filter = ["verification", "helix", "kind", "region"]
    search_fields = ["name_en", "name_ru", "name_kk", "bin"]
    list_select_related = ["region"]
    readonly_fields = ["verified_by", "verified_at", "created_by", "created_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "status", "created_at", "decided_at"]
    list_filter = ["role", "status"]
    search_fields = ["user__email", "user__display_name", "organisation__name_en", "organisation__name_ru"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
    readonly_fields = ["decided_by", "decided_at", "created_at"]
