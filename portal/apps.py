from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top floor: the pages that present the whole platform (the home
    page, the code of conduct). It reads what every module offers through the
    registry (``Module.home``) and imports none of them."""

    name = "portal"
    verbose_name = _("Portal")
