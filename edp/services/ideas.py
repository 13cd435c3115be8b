"""The call for ideas: drafts, submission, withdrawal, attachments."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from core import permissions
from core.errors import DomainError
from core.uploads import CheckedUpload, stored_name
from stakeholders.models import Organisation

from ..lifecycles import idea_send_transition
from ..models import EDP, MAX_ATTACHMENTS_PER_IDEA, Idea, IdeaAttachment, RegionalAsset
from . import events

IDEA_TEXT_FIELDS = ("title", "summary", "activity", "expected_impact", "support_needed", "full_text_public")


def _check_organisation(user, organisation: Organisation | None) -> None:
    if organisation is None:
        return
    if not organisation.is_verified:
        raise DomainError(
            gettext("%(org)s is not verified yet: submit as an individual or wait for verification.")
            % {"org": organisation},
            field="organisation",
        )
    if not organisation.memberships.filter(user=user, status="active").exists():
        raise DomainError(
            gettext("You can only submit on behalf of an organisation you belong to."), field="organisation"
        )


def _resolve_co_authors(emails: Iterable[str], submitter) -> list[User]:
    people = []
    for email in dict.fromkeys(e.strip().lower() for e in emails if e.strip()):
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise DomainError(
                gettext("Nobody has an account with %(email)s: ask them to sign up, then add them.") % {"email": email},
                field="co_authors",
            )
        if person.pk != submitter.pk:
            people.append(person)
    return people


@transaction.atomic
def idea_save(
    *,
    edp: EDP,
    author,
    idea: Idea | None = None,
    organisation: Organisation | None = None,
    assets: Iterable[RegionalAsset] = (),
    partners: Iterable[Organisation] = (),
    co_author_emails: Iterable[str] = (),
    meeting=None,
    **values,
) -> Idea:
    """Create a draft or edit an idea while the call is open (the rules
    ``edp.submit_idea`` and ``edp.change_idea``: who, when, in which state).

    Assets and the meeting must belong to this EDP: ids from a form are never
    trusted to point inside it. Editing a submitted idea keeps it submitted
    (the deadline, not the first click, is what counts)."""
    unknown = set(values) - set(IDEA_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"idea_save cannot set {sorted(unknown)}")
    if idea is None:
        permissions.require(author, "edp.submit_idea", edp)
        idea = Idea(edp=edp, submitter=author)
    else:
        idea = Idea.objects.select_for_update(of=("self",)).select_related("edp").get(pk=idea.pk, edp=edp)
        permissions.require(author, "edp.change_idea", idea)
    owner = idea.submitter if idea.pk else author
    if idea.pk is None or organisation != idea.organisation:
        _check_organisation(owner, organisation)
    assets = list(assets)
    if any(a.edp_id != edp.pk for a in assets):
        raise DomainError(gettext("Choose assets from this process's inventory."), field="assets")
    if meeting is not None and meeting.edp_id != edp.pk:
        raise DomainError(gettext("Choose a meeting of this process."), field="meeting")
    co_authors = _resolve_co_authors(co_author_emails, owner)
    for name, value in values.items():
        setattr(idea, name, value)
    idea.organisation = organisation
    idea.meeting = meeting
    idea.helix = organisation.helix if organisation is not None else owner.effective_helix
    idea.save()
    idea.assets.set(assets)
    idea.partners.set([p for p in partners if organisation is None or p.pk != organisation.pk])
    idea.co_authors.set(co_authors)
    return idea


@transaction.atomic
def idea_submit(*, idea: Idea, actor) -> Idea:
    """Submit a draft, or submit again an idea its submitter withdrew (the
    idea lifecycle's ``submit`` / ``resubmit``: by its submitter, while the
    call is open, with its summary and activity written)."""
    idea = Idea.objects.select_for_update(of=("self",)).select_related("edp").get(pk=idea.pk)
    idea.submitted_at = timezone.now()
    idea.withdrawn_at = None
    Idea.lifecycle.apply(
        idea, idea_send_transition(idea), actor=actor, update_fields=["submitted_at", "withdrawn_at", "updated_at"]
    )
    events.idea_submitted(idea, actor=actor)
    return idea


@transaction.atomic
def idea_withdraw(*, idea: Idea, actor) -> Idea:
    """Withdraw a submitted idea (the idea lifecycle's ``withdraw``: by its
    submitter, only before idea evaluation starts, since evaluators' work must
    not vanish under them)."""
    idea = Idea.objects.select_for_update(of=("self",)).select_related("edp").get(pk=idea.pk)
    idea.withdrawn_at = timezone.now()
    Idea.lifecycle.apply(idea, "withdraw", actor=actor, update_fields=["withdrawn_at", "updated_at"])
    return idea


@transaction.atomic
def attachment_add(*, idea: Idea, actor, checked: CheckedUpload) -> IdeaAttachment:
    """Attach a file already checked by core.uploads (type by content, size).
    Attachments are part of the idea: changed by those who may change it
    (``edp.change_idea``). The idea row is locked so two uploads at once
    cannot pass the limit."""
    idea = Idea.objects.select_for_update(of=("self",)).select_related("edp").get(pk=idea.pk)
    permissions.require(actor, "edp.change_idea", idea)
    if idea.attachments.count() >= MAX_ATTACHMENTS_PER_IDEA:
        raise DomainError(
            gettext("An idea can have at most %(n)s attachments: remove one first.") % {"n": MAX_ATTACHMENTS_PER_IDEA},
            field="file",
        )
    attachment = IdeaAttachment(
        idea=idea,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    attachment.file.save(stored_name(checked), checked.file, save=False)
    # Should the row fail to save, the stored file must not linger.
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: IdeaAttachment, actor) -> None:
    permissions.require(actor, "edp.change_idea", attachment.idea)
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
