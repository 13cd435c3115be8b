"""The consultations tab of an EDP's header (declared in ``apps.py``): the
list of the process's consultations, filtered by its slug."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from core.modules import TabLink


def edp_tabs(request, edp) -> list[TabLink]:
    match = getattr(request, "resolver_match", None)
    active = match is not None and match.namespace == "consultations"
    return [TabLink(_("Consultations"), f"{reverse('consultations:list')}?{urlencode({'edp': edp.slug})}", active)]
