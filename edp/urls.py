from django.urls import path

from . import views

app_name = "edp"

urlpatterns = [
    path("", views.edp_list, name="list"),
]
