"""One API router; each module declares the function that registers its
viewsets (``Module.api``, see core.modules)."""

from rest_framework.routers import DefaultRouter

from core import modules

router = DefaultRouter()

for _label, register in modules.each("api"):
    register(router)

urlpatterns = router.urls
