from django.db.models import QuerySet

from .models import EDP


def edp_list() -> QuerySet[EDP]:
    return EDP.objects.select_related("region", "owner").order_by("-created_at")
