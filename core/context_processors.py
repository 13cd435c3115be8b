from django.conf import settings


def platform(request):
    return {"SITE_URL": settings.SITE_URL, "LANGUAGES": settings.LANGUAGES}
