"""The EDP header's tab of a council that advises the process."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.modules import TabLink

from . import selectors


def edp_tabs(request, edp) -> list[TabLink]:
    councils = selectors.councils_of_edp(edp)
    match = getattr(request, "resolver_match", None)
    current = match.kwargs.get("slug") if match is not None and match.namespace == "councils" else None
    if len(councils) == 1:
        council = councils[0]
        return [TabLink(_("Public council"), council.get_absolute_url(), active=current == council.slug)]
    return [TabLink(council.name, council.get_absolute_url(), active=current == council.slug) for council in councils]
