"""Notifications the stakeholder registry causes (see notifications.registry)."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications.registry import EventType, Message, register

from .models import Membership, Organisation


def _representatives(organisation_id: int):
    return User.objects.filter(
        memberships__organisation_id=organisation_id,
        memberships__role=Membership.Role.REPRESENTATIVE,
        memberships__status=Membership.Status.ACTIVE,
    )


@register
class MembershipRequested(EventType):
    """Someone asks to join an organisation: its representatives decide."""

    key = "stakeholders.membership_requested"
    label = _("Someone asks to join an organisation I represent")
    group = _("Organisations")

    def recipients(self, target: Membership, **context):
        return _representatives(target.organisation_id)

    def render(self, target: Membership | None, recipient, **context) -> Message:
        if target is None:
            return Message(subject=gettext("A request to join your organisation was withdrawn"))
        return Message(
            subject=gettext("%(name)s asks to join %(org)s")
            % {"name": target.user.public_name, "org": target.organisation.name},
            body=gettext("As a representative you can approve or decline the request."),
            url=reverse("stakeholders:mine"),
        )


@register
class MembershipDecided(EventType):
    """The person who asked hears the representative's decision."""

    key = "stakeholders.membership_decided"
    label = _("My request to join an organisation was decided")
    group = _("Organisations")
    mandatory = True  # it changes what the person may do on the platform

    def recipients(self, target: Membership, **context):
        return User.objects.filter(pk=target.user_id)

    def render(self, target: Membership | None, recipient, **context) -> Message:
        if target is None:
            return Message(subject=gettext("Your request to join an organisation was decided"))
        if Membership.lifecycle.is_in(target, Membership.Status.ACTIVE):
            subject = gettext("You are now a member of %(org)s")
        else:
            subject = gettext("Your request to join %(org)s was declined")
        return Message(
            subject=subject % {"org": target.organisation.name},
            url=reverse("stakeholders:detail", args=[target.organisation_id]),
        )


@register
class OrganisationVerificationDecided(EventType):
    """Representatives hear whether staff verified their organisation."""

    key = "stakeholders.verification_decided"
    label = _("An organisation I represent was verified (or verification was refused)")
    group = _("Organisations")
    mandatory = True

    def recipients(self, target: Organisation, **context):
        return _representatives(target.pk)

    def render(self, target: Organisation | None, recipient, **context) -> Message:
        if target is None:
            return Message(subject=gettext("Your organisation's verification was decided"))
        if target.is_verified:
            subject = gettext("%(org)s is verified")
        else:
            subject = gettext("Verification of %(org)s was refused")
        return Message(
            subject=subject % {"org": target.name},
            body=gettext("Contact the platform team if you think this is wrong.") if not target.is_verified else "",
            url=reverse("stakeholders:detail", args=[target.pk]),
        )
