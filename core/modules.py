"""The module registry: what each app plugs into the platform, declared once.

An app declares a :class:`Module` as the ``declares`` attribute of its
``AppConfig`` (in its own ``apps.py``; ``module`` is taken by Django). Everything is named by dotted path,
resolved when first used, so ``apps.py`` imports no models. The central
places read this registry instead of listing apps by hand:

================================  ==========================================
what the app declares             who reads it
================================  ==========================================
``tabs``                          the EDP header (``{% module_tabs edp %}``)
``nav``                           the site's main navigation
                                  (``{% module_nav %}`` in base.html)
``api``                           the API router (``config/api_urls.py``)
``demo``                          ``manage.py load_demo``, in ``order``
``notification_events``           the notifications registry (imported once)
``personal_data``                 the person's data export
``delete_person``                 account deletion, inside its transaction
``preconditions``                 entering an EDP stage (``edp.workflow``)
``idea_guards``                   changing an idea after others used it
``transition_guards``             a lifecycle transition of another app
                                  (``{"plan.adopt": ("councils.guards.x",)}``)
``panels``                        a block on another module's page
                                  (``{"plans.plan_detail": ("councils.panels.x",)}``,
                                  shown by ``{% module_panels "plans.plan_detail" plan %}``)
``home``                          the home page's "happening now" blocks
                                  (``(request) -> HomeBlock | None``)
``national``                      the ministry's view across regions
``second_factor``                 the MFA gate: ``(user) -> bool``, does a
                                  role here require two-factor sign-in
================================  ==========================================

Adding a module is then: create the app folder with its ``apps.py``
declaring its ``Module``, add it to ``INSTALLED_APPS`` and include its URLs
in ``config/urls.py``. Nothing else central changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class TabLink:
    label: str | Promise
    href: str
    active: bool = False
    # A small count beside the label ("3/5"), with its meaning for screen readers.
    badge: str = ""
    badge_description: str = ""
    badge_complete: bool = False


@dataclass(frozen=True)
class Tab:
    """A tab in the EDP header.

    Simple form: ``url`` is a URL name reversed with the EDP's slug, and
    ``permission`` (checked on the EDP) hides it from those who may not open
    it; it is active on its URL and, with ``active_namespace``, on every page
    of that URL namespace. Dynamic form: ``provider`` is a dotted path to
    ``(request, edp) -> list[TabLink]`` for tabs whose label or target depend
    on the person (an evaluator's "My evaluations 3/5")."""

    label: str | Promise = ""
    url: str = ""
    permission: str | None = None
    order: int = 100
    active_namespace: str = ""
    provider: str = ""


@dataclass(frozen=True)
class NavLink:
    """A link in the site's main navigation: ``url`` is a URL name (no
    arguments); ``signed_in`` links are shown to signed-in people only."""

    label: str | Promise
    url: str
    signed_in: bool = False
    order: int = 100


@dataclass(frozen=True)
class Module:
    order: int = 100
    tabs: tuple[Tab, ...] = ()
    nav: tuple[NavLink, ...] = ()
    api: str | None = None
    demo: str | None = None
    notification_events: str | None = None
    personal_data: str | None = None
    delete_person: str | None = None
    preconditions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    idea_guards: tuple[str, ...] = ()
    # "<lifecycle name>.<transition name>" -> guards (obj -> reason or "")
    # that another app adds to a transition it does not own.
    transition_guards: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # "<page key>" -> renderers ``(request, obj) -> str`` (safe HTML) of a
    # block this module adds to another module's page.
    panels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    home: str | None = None
    national: str | None = None
    second_factor: str | None = None


@dataclass(frozen=True)
class HomeBlock:
    """One block of the home page's "happening now" part: a template of the
    module rendered with ``context`` (the module's own data only). Blocks
    stand in ``order`` (then the modules' order)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def declared() -> Iterator[tuple[str, Module]]:
    """(app label, Module) of every installed app that declares one, in
    ``order`` then label order (the process order: the demo loads in it)."""
    found = [
        (config.label, config.declares)  # type: ignore[attr-defined]
        for config in apps.get_app_configs()
        if isinstance(getattr(config, "declares", None), Module)
    ]
    yield from sorted(found, key=lambda pair: (pair[1].order, pair[0]))


@cache
def _resolve(path: str) -> Any:
    return import_string(path)


def resolve(path: str) -> Any:
    return _resolve(path)


def each(attribute: str) -> Iterator[tuple[str, Any]]:
    """(label, resolved object) for every module declaring ``attribute``
    (``notification_events`` names a module: it is imported)."""
    for label, module in declared():
        path = getattr(module, attribute)
        if path:
            yield label, (import_module(path) if attribute == "notification_events" else resolve(path))


def tabs() -> list[Tab]:
    return sorted((tab for _label, module in declared() for tab in module.tabs), key=lambda t: t.order)


def tab_links(request: Any, edp: Any) -> list[TabLink]:
    """The EDP header's tabs for this person, in order."""
    from django.urls import reverse

    from . import permissions

    match = getattr(request, "resolver_match", None)
    links: list[TabLink] = []
    for tab in tabs():
        if tab.provider:
            links.extend(resolve(tab.provider)(request, edp))
            continue
        if tab.permission and not permissions.check(request.user, tab.permission, edp):
            continue
        href = reverse(tab.url, kwargs={"slug": edp.slug})
        active = request.path == href or bool(
            tab.active_namespace and match is not None and match.namespace == tab.active_namespace
        )
        links.append(TabLink(tab.label, href, active))
    return links


def nav_links(request: Any) -> list[TabLink]:
    """The main navigation for this person, in order."""
    from django.urls import reverse

    signed_in = bool(getattr(getattr(request, "user", None), "is_authenticated", False))
    entries = sorted(
        (link for _label, module in declared() for link in module.nav if signed_in or not link.signed_in),
        key=lambda link: link.order,
    )
    path = getattr(request, "path", "")
    hrefs = [(link, reverse(link.url)) for link in entries]
    return [TabLink(link.label, href, path == href) for link, href in hrefs]


def preconditions(stage: str) -> list[Callable[[Any], list[str]]]:
    return [resolve(path) for _label, module in declared() for path in module.preconditions.get(str(stage), ())]


def transition_guards(lifecycle: str, transition: str) -> list[Callable[[Any], Any]]:
    key = f"{lifecycle}.{transition}"
    return [resolve(path) for _label, module in declared() for path in module.transition_guards.get(key, ())]


def panels(page: str) -> list[Callable[[Any, Any], str]]:
    """The renderers other modules add to ``page``, in module order."""
    return [resolve(path) for _label, module in declared() for path in module.panels.get(page, ())]


def idea_guards() -> list[Callable[[Any], str]]:
    return [resolve(path) for _label, module in declared() for path in module.idea_guards]


def home_blocks(request: Any) -> list[HomeBlock]:
    """The blocks the modules offer for this request's home page, in order
    (a module with nothing to show now returns None)."""
    blocks = [block for _label, provide in each("home") if (block := provide(request)) is not None]
    return sorted(blocks, key=lambda block: block.order)


def needs_second_factor(user: Any) -> bool:
    """Does any module say this person's role needs two-factor sign-in?"""
    return any(requires(user) for _label, requires in each("second_factor"))
