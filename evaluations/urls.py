from django.urls import path

from .views import setup

app_name = "evaluations"

urlpatterns = [
    path("<slug:slug>/criteria/", setup.criteria, name="criteria"),
    path("<slug:slug>/criteria/defaults/", setup.criteria_defaults, name="criteria_defaults"),
    path("<slug:slug>/settings/", setup.evaluation_settings, name="settings"),
]
