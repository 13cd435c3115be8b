"""Point the Sites framework (used by allauth in emails) at SITE_URL instead
of Django's "example.com"."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def set_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
    Site.objects.update_or_create(id=settings.SITE_ID, defaults={"domain": domain, "name": "EDP Platform"})


class Migration(migrations.Migration):
    dependencies = [("sites", "0002_alter_domain_unique")]
    operations = [migrations.RunPython(set_site, migrations.RunPython.noop)]
