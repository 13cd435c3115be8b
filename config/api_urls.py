"""One API router; each app registers its viewsets in its own api.py."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

for module in ("stakeholders", "edp", "evaluations", "consultations", "priorities", "plans", "notifications"):
    try:
        api = __import__(f"{module}.api", fromlist=["register"])
    except ModuleNotFoundError as exc:
        if exc.name != f"{module}.api":
            raise
        continue
    api.register(router)

urlpatterns = router.urls
