from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.modules import Module


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    declares = Module(order=5, personal_data="accounts.selectors.user_personal_data")
