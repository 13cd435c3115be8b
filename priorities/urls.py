from django.urls import path

from . import views

app_name = "priorities"

urlpatterns = [
    path("edp/<slug:slug>/", views.selection, name="selection"),
    path("edp/<slug:slug>/settings/", views.selection_settings, name="settings"),
    path("edp/<slug:slug>/candidates/add/", views.candidate_add, name="candidate_add"),
    path(
        "edp/<slug:slug>/candidates/from-specialisations/",
        views.candidates_from_specialisations,
        name="candidates_from_specialisations",
    ),
    path("edp/<slug:slug>/steering/add/", views.steering_add, name="steering_add"),
    path("edp/<slug:slug>/steering/<int:member_pk>/remove/", views.steering_remove, name="steering_remove"),
    path("edp/<slug:slug>/publish/", views.publish, name="publish"),
    path("<int:pk>/", views.candidate_detail, name="candidate"),
    path("<int:pk>/edit/", views.candidate_edit, name="candidate_edit"),
]
