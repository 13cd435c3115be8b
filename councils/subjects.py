"""What a council may give an opinion on: drafts of other modules.

Each kind says which drafts of the council's region are open to an opinion,
what version a draft is at (an opinion concerns one version of a plan), its
title, page and process. Plans and consultations (their candidate
priorities) are known here; another module (participatory budgeting) adds
its programmes with :func:`register`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SubjectKind:
    key: str
    model: str  # "app_label.ModelName"
    label: str | Promise

    def model_class(self):
        return apps.get_model(self.model)

    def candidates(self, council):
        raise NotImplementedError

    def version(self, obj) -> int:
        return 1

    def title(self, obj, version: int | None = None) -> str:
        return str(obj)

    def url(self, obj) -> str:
        return obj.get_absolute_url()

    def edp(self, obj):
        return getattr(obj, "edp", None)


class PlanSubject(SubjectKind):
    def candidates(self, council):
        from plans.choices import PlanStatus

        return (
            self.model_class()
            .objects.filter(edp__region=council.region, status__in=[PlanStatus.DRAFT, PlanStatus.IN_CONSULTATION])
            .select_related("edp")
            .order_by("title")
        )

    def version(self, obj) -> int:
        return obj.version

    def title(self, obj, version: int | None = None) -> str:
        return str(_("%(title)s, version %(n)s") % {"title": obj.title, "n": version or obj.version})

    def url(self, obj) -> str:
        return reverse("plans:detail", kwargs={"pk": obj.pk})


class ConsultationSubject(SubjectKind):
    def candidates(self, council):
        return self.model_class().objects.filter(edp__region=council.region).select_related("edp").order_by("-opens_at")


_kinds: dict[str, SubjectKind] = {}


def register(kind: SubjectKind) -> SubjectKind:
    _kinds[kind.key] = kind
    return kind


register(PlanSubject("plan", "plans.ActionPlan", _("Draft action plan")))
register(
    ConsultationSubject("consultation", "consultations.Consultation", _("Consultation and its candidate priorities"))
)


def kinds() -> dict[str, SubjectKind]:
    return dict(_kinds)


def kind_of(obj: Any) -> SubjectKind | None:
    label = f"{obj._meta.app_label}.{obj._meta.object_name}"
    return next((k for k in _kinds.values() if k.model == label), None)


def subject_of(opinion):
    """The opinion's subject (None if it was deleted)."""
    return opinion.subject


def edp_of(opinion):
    subject = subject_of(opinion)
    if subject is None:
        return None
    kind = kind_of(subject)
    return kind.edp(subject) if kind else None


def title_of(opinion) -> str:
    """The subject's title in the reader's language (the snapshot when it is gone)."""
    subject = subject_of(opinion)
    kind = kind_of(subject) if subject is not None else None
    return kind.title(subject, opinion.subject_version) if kind else opinion.subject_title


def url_of(opinion) -> str:
    subject = subject_of(opinion)
    kind = kind_of(subject) if subject is not None else None
    return kind.url(subject) if kind else ""


def content_type(obj) -> ContentType:
    return ContentType.objects.get_for_model(obj)
