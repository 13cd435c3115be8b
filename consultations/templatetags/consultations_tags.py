from django import template

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
