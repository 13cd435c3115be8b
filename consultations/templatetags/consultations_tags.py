from django import template

from .. import rules
from ..rendering import BatchRenderer

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_threads(context):
    """The batch's comment threads (see consultations.rendering for why this
    is not a template include)."""
    return BatchRenderer(
        request=context["request"],
        batch=context["batch"],
        item=context["item"],
        consultation=context["consultation"],
        perms={
            k: context.get(k, False)
            for k in ("can_comment", "can_mark_helpful", "can_flag", "can_moderate", "can_answer")
        },
    ).render()


@register.filter
def window_message(consultation) -> str:
    """When the consultation opens, until when it is open, or when (and why) it closed."""
    return rules.window_message(consultation)
