"""Template side of the access seam: pages ask the declared rules.

{% load access %}
{% can "consultations.comment" item as may_comment %}
{% if may_comment %}…form…{% else %}<p>{{ may_comment.reason }}</p>{% endif %}
{% can_transition idea "withdraw" as may_withdraw %}
{% if idea|in_state:"public" %}…{% endif %}
{% module_tabs edp %}
{% module_panels "plans.plan_detail" plan %}
{% module_nav %}
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from core import lifecycle, modules, permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, perm: str, obj=None) -> permissions.Decision:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return permissions.check(user, perm, obj)


@register.simple_tag(takes_context=True)
def can_transition(context, obj, name: str) -> permissions.Decision:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return lifecycle.of(obj).can(obj, name, user)


@register.filter
def in_state(obj, group: str) -> bool:
    return lifecycle.of(obj).is_in(obj, group)


@register.inclusion_tag("core/_module_tabs.html", takes_context=True)
def module_tabs(context, edp) -> dict:
    return {"links": modules.tab_links(context["request"], edp)}


@register.simple_tag(takes_context=True)
def module_panels(context, page: str, obj) -> SafeString:
    """The blocks other modules declare for ``page`` (``Module.panels``).
    Each renderer returns safe HTML (a rendered template); anything else is escaped."""
    request = context.get("request")
    return mark_safe("".join(str(conditional_escape(render(request, obj))) for render in modules.panels(page)))


@register.inclusion_tag("core/_module_nav.html", takes_context=True)
def module_nav(context) -> dict:
    """The site's main navigation, as the modules declare it (``Module.nav``)."""
    request = context.get("request")
    return {"links": modules.nav_links(request) if request is not None else []}
