"""`manage.py load_demo`: a believable pilot EDP, idempotent.

Each app contributes its part in ``<app>/demo.py`` with a ``load(ctx)``
function; they run in process order inside one transaction, so a failure
leaves nothing half-loaded. Running it twice changes nothing.
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_MODULES = [
    "stakeholders.demo",
    "edp.demo",
    "evaluations.demo",
    "consultations.demo",
    "priorities.demo",
    "plans.demo",
    "notifications.demo",
]

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - printed to the operator on purpose


class DemoContext(dict):
    """Shared state between app demos (users, organisations, the EDP...)."""

    def __init__(self, stdout, password: str) -> None:
        super().__init__()
        self.stdout = stdout
        self.password = password
        self.logins: list[tuple[str, str]] = []

    def login(self, email: str, role: str) -> None:
        if (email, role) not in self.logins:
            self.logins.append((email, role))


class Command(BaseCommand):
    help = "Load the demo data of a pilot EDP (idempotent)."

    def handle(self, *args, **options):
        ctx = DemoContext(self.stdout, DEMO_PASSWORD)
        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.load(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000/accounts/login/ with:"))
        for email, role in ctx.logins:
            self.stdout.write(f"  {email:<40} {role}")
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
