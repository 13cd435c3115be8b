from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin for a user without a username (email sign-in)."""

    ordering = ["email"]
    list_display = ["email", "display_name", "region", "is_staff", "is_active", "date_joined", "anonymised_at"]
    list_filter = [
        "is_staff",
        "is_superuser",
        "is_active",
        "region",
        "helix",
        ("anonymised_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email", "display_name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    readonly_fields = ["last_login", "date_joined", "anonymised_at"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "preferred_language", "region", "helix")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined", "anonymised_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
