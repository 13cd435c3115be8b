from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from .models import User


def user_personal_data(user: User) -> dict:
    """The accounts part of a person's data export. Never includes secrets
    (password hash, TOTP secret, recovery codes)."""
    region = user.region
    return {
        "email": user.email,
        "display_name": user.display_name,
        "public_name": user.public_name,
        "preferred_language": user.preferred_language,
        "region_of_residence": region.name if region else None,
        "helix": user.helix or None,
        "effective_helix": user.effective_helix,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "is_staff": user.is_staff,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "two_factor_methods": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
    }
