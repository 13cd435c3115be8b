from django import template

from notifications import selectors

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    user = context.get("user")
    return {"unread": selectors.unread_count(user=user) if user is not None and user.is_authenticated else 0}
