"""The call for ideas: drafts, submission, withdrawal, attachments."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from core.errors import DomainError
from core.uploads import CheckedUpload, stored_name
from stakeholders.models import Organisation

from ..models import EDP, MAX_ATTACHMENTS_PER_IDEA, Idea, IdeaAttachment, RegionalAsset
from ..rules import call_for_ideas_open
from ..workflow import Action, idea_change_refusals, stage_allows
from . import events

IDEA_TEXT_FIELDS = ("title", "summary", "activity", "expected_impact", "support_needed", "full_text_public")


def _require_call_open(edp: EDP) -> None:
    if not stage_allows(edp.stage, Action.SUBMIT_IDEAS):
        raise DomainError(
            gettext("The call for ideas is not open: ideas are collected during technological foresight.")
        )
    if edp.ideas_close_at and edp.ideas_close_at <= timezone.now():
        raise DomainError(gettext("The call for ideas closed on %(date)s.") % {"date": edp.ideas_close_at.date()})


def _require_changeable(idea: Idea, message: str) -> None:
    """Refuse when other apps' work rests on ``idea`` as it stands (e.g.
    submitted scores, when foresight was reopened after scoring began)."""
    refusals = idea_change_refusals(idea)
    if refusals:
        raise DomainError(message % {"reasons": "; ".join(refusals)})


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
    """Create a draft or edit an idea while the call is open.

    Assets and the meeting must belong to this EDP: ids from a form are never
    trusted to point inside it. Editing a submitted idea keeps it submitted
    (the deadline, not the first click, is what counts)."""
    unknown = set(values) - set(IDEA_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"idea_save cannot set {sorted(unknown)}")
    _require_call_open(edp)
    if idea is None:
        idea = Idea(edp=edp, submitter=author)
    else:
        idea = Idea.objects.select_for_update().get(pk=idea.pk, edp=edp)
        if idea.status == Idea.Status.WITHDRAWN:
            raise DomainError(gettext("A withdrawn idea can no longer be edited."))
        _require_changeable(idea, gettext("This idea can no longer be edited: %(reasons)s."))
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
    """Submit a draft, or submit again an idea its submitter withdrew: while
    the call is open nobody has evaluated it yet, so changing one's mind back
    costs no one any work."""
    idea = Idea.objects.select_for_update().select_related("edp").get(pk=idea.pk)
    _require_call_open(idea.edp)
    if idea.status not in (Idea.Status.DRAFT, Idea.Status.WITHDRAWN):
        raise DomainError(gettext("Only a draft or a withdrawn idea can be submitted."))
    missing = [
        label
        for name, label in (("summary", gettext("summary")), ("activity", gettext("proposed activity")))
        if not getattr(idea, name).strip()
    ]
    if missing:
        raise DomainError(gettext("Complete the %(fields)s before submitting.") % {"fields": ", ".join(missing)})
    idea.status = Idea.Status.SUBMITTED
    idea.submitted_at = timezone.now()
    idea.withdrawn_at = None
    idea.save(update_fields=["status", "submitted_at", "withdrawn_at", "updated_at"])
    events.idea_submitted(idea, actor=actor)
    return idea


@transaction.atomic
def idea_withdraw(*, idea: Idea, actor) -> Idea:
    """Withdraw a submitted idea; only before idea evaluation starts, since
    evaluators' work must not vanish under them."""
    idea = Idea.objects.select_for_update().select_related("edp").get(pk=idea.pk)
    if not stage_allows(idea.edp.stage, Action.WITHDRAW_IDEAS):
        raise DomainError(gettext("Ideas can no longer be withdrawn: idea evaluation has started."))
    if idea.status != Idea.Status.SUBMITTED:
        raise DomainError(gettext("Only a submitted idea can be withdrawn."))
    _require_changeable(idea, gettext("This idea can no longer be withdrawn: %(reasons)s."))
    idea.status = Idea.Status.WITHDRAWN
    idea.withdrawn_at = timezone.now()
    idea.save(update_fields=["status", "withdrawn_at", "updated_at"])
    return idea


@transaction.atomic
def attachment_add(*, idea: Idea, actor, checked: CheckedUpload) -> IdeaAttachment:
    """Attach a file already checked by core.uploads (type by content, size).
    The idea row is locked so two uploads at once cannot pass the limit."""
    idea = Idea.objects.select_for_update().select_related("edp").get(pk=idea.pk)
    if not call_for_ideas_open(idea.edp) or idea.status == Idea.Status.WITHDRAWN:
        raise DomainError(gettext("Attachments can only be changed while the call for ideas is open."))
    if idea.attachments.count() >= MAX_ATTACHMENTS_PER_IDEA:
        raise DomainError(
            gettext("An idea can have at most %(n)s attachments: remove one first.") % {"n": MAX_ATTACHMENTS_PER_IDEA},
            field="file",
        )
    _require_changeable(idea, gettext("This idea's attachments can no longer be changed: %(reasons)s."))
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
    if not call_for_ideas_open(attachment.idea.edp):
        raise DomainError(gettext("Attachments can only be changed while the call for ideas is open."))
    _require_changeable(attachment.idea, gettext("This idea's attachments can no longer be changed: %(reasons)s."))
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
