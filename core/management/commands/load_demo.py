"""`manage.py load_demo`: two believable pilot EDPs, idempotent.

Pavlodar went through every stage in 2024 and is now monitoring its action
plan; Kyzylorda is in public consultation, open today. Each app contributes
its part as ``Module.demo`` (a ``load(ctx)`` function, see core.modules); they
run in the modules' order (the process order) inside one transaction (each moves the EDPs into its stage
when its part of the story is ready, see ``edp.demo.advance``), so a failure
leaves nothing half-loaded. Running it twice changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import modules

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - printed to the operator on purpose

# Which demo account to sign in with for what (keys of ctx["users"]).
# "TOTP" accounts must enter a code from the printed authenticator secret.
ACCOUNTS = [
    ("citizen1", "citizen: take a stance and comment in Kyzylorda's open consultation"),
    ("coordinator", "coordinator of Pavlodar (monitoring): timeline, priorities, plan, measurements [TOTP]"),
    ("coordinator_kyzylorda", "coordinator of Kyzylorda (consultation): answers, hearing, closing [TOTP]"),
    ("evaluator1", "evaluator on both panels: scores, ranking, consensus discussions"),
    ("moderator", "moderator of both consultations: a flagged comment waits in Kyzylorda"),
    ("facilitator", "facilitator of Pavlodar's meetings: attendance and minutes"),
    ("tou_rep", "representative of Toraighyrov University: a request to join it to approve"),
    ("staff", "platform staff: the admin site [TOTP]"),
]


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
        try:
            with transaction.atomic():
                for _label, load in modules.each("demo"):
                    load(ctx)
        except CommandError as exc:
            # Typically a database holding an older demo whose story no longer fits.
            raise CommandError(
                f"{exc}. Nothing was loaded. If the database holds a demo from an older version, "
                "remove it (db.sqlite3 with `make run`) and load again."
            ) from exc
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        for key in ("edp", "edp_kyzylorda"):
            if ctx.get(key) is not None:
                edp = ctx[key]
                edp.refresh_from_db()
                self.stdout.write(
                    f"  {edp.title} ({edp.get_stage_display()}): http://127.0.0.1:8000{edp.get_absolute_url()}"
                )
        self.stdout.write("Sign in at http://127.0.0.1:8000/accounts/login/ as:")
        users = ctx.get("users", {})
        featured = {users[key].email for key, _purpose in ACCOUNTS if key in users}
        for key, purpose in ACCOUNTS:
            if key in users:
                self.stdout.write(f"  {users[key].email:<34} {purpose}")
        others = sorted({email for email, _role in ctx.logins} - featured)
        if others:
            self.stdout.write("Other demo people: " + ", ".join(e.split("@")[0] for e in others) + " (@demo.edp.kz)")
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
        if "totp_secret" in ctx:
            self.stdout.write(f"Authenticator (TOTP) secret of the [TOTP] accounts: {ctx['totp_secret']}")
