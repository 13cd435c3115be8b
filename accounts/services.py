import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from stakeholders.models import Region

from . import deletion
from .models import User


@transaction.atomic
def user_update_profile(
    *, user: User, display_name: str, preferred_language: str, region: Region | None, helix: str
) -> User:
    user.display_name = display_name.strip()
    user.preferred_language = preferred_language
    user.region = region
    user.helix = helix
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=["display_name", "preferred_language", "region", "helix"])
    return user


@transaction.atomic
def user_delete_account(*, user: User, password: str) -> User:
    """Deletes a person's account while keeping what they contributed.

    Ideas, comments and scores stay (the process record must not change
    after the fact) but point to an anonymised user: no email, no name, no
    way to sign in, no organisation, no second factor. The user row is
    locked so two deletions cannot race.

    What the person holds in other apps (EDP roles, meeting seats, steering
    committee seats, evaluation assignments, pending invitations) is ended by
    the callables those apps register in ``accounts.deletion``; they run
    here, in this transaction and before the address is wiped, so a failure
    in any of them leaves the account exactly as it was.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.anonymised_at is not None:
        raise DomainError(_("This account has already been deleted."))
    if not user.check_password(password):
        raise DomainError(_("The password is not correct, so the account was not deleted."), field="password")
    deletion.run(user)
    user.memberships.all().delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    # .invalid is reserved (RFC 2606): the placeholder can never receive mail
    # and never collides with a real address.
    user.email = f"deleted-{user.pk}-{secrets.token_hex(6)}@deleted.invalid"
    user.display_name = ""
    user.region = None
    user.helix = ""
    user.preferred_language = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.anonymised_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return user
