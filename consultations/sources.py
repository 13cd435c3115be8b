"""What a consultation can be about, beyond items typed by the coordinator.

Other apps' objects (candidate specialisations, sections of a draft plan)
become items through ``services.consultation_create_from``. For the
"new consultation" form, an app offers its objects by registering a provider
``provider(edp) -> iterable of model instances`` here (e.g. from its
``AppConfig.ready``). Candidate specialisations of the ``evaluations`` app are
offered out of the box once that model exists.
"""

from collections.abc import Callable, Iterable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .services.consultations import ItemSpec, item_spec_from_source

Provider = Callable[[models.Model], Iterable[models.Model]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def _candidate_specialisations(edp) -> Iterable[models.Model]:
    try:
        model = apps.get_model("evaluations", "CandidateSpecialisation")
    except LookupError:
        return []
    return model.objects.filter(edp=edp).order_by("pk")


def _all_sources(edp) -> list[models.Model]:
    found: list[models.Model] = []
    for provider in [_candidate_specialisations, *_providers]:
        found.extend(provider(edp))
    return found


def _key(obj: models.Model) -> str:
    return f"{ContentType.objects.get_for_model(obj).pk}:{obj.pk}"


def choices_for(edp) -> list[tuple[str, str]]:
    choices = []
    for obj in _all_sources(edp):
        label = f"{obj._meta.verbose_name}: {item_spec_from_source(obj).title}"
        choices.append((_key(obj), label))
    return choices


def resolve(edp, keys: Iterable[str]) -> list[ItemSpec]:
    """Items for the chosen keys. Only objects this EDP offers count: keys
    come from the browser and are never trusted on their own."""
    wanted = set(keys)
    return [item_spec_from_source(obj) for obj in _all_sources(edp) if _key(obj) in wanted]
