from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "")
        language = getattr(request, "LANGUAGE_CODE", "") or ""
        user.preferred_language = language[:2] if language[:2] in {"en", "ru", "kk"} else ""
        if commit:
            user.save()
        return user
