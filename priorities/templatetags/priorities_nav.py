"""The priorities and action-plan entries of an EDP's section tabs.

They show once the priorities are published (to everyone, so a visitor can
follow a priority to its evidence and its plan), and before that only to
those who may see the selection: the same ``rules`` permission decides the
tab and the page behind it."""

from django import template

register = template.Library()


@register.inclusion_tag("priorities/_edp_tabs.html", takes_context=True)
def priority_tabs(context, edp) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if edp is None or user is None or not user.has_perm("priorities.view_selection", edp):
        return {"show": False}
    match = getattr(request, "resolver_match", None)
    app = match.app_name if match is not None else None
    return {"show": True, "edp": edp, "priorities_active": app == "priorities", "plans_active": app == "plans"}
