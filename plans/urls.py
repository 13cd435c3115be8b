from django.urls import path

from . import exports, views

app_name = "plans"

urlpatterns = [
    path("edp/<slug:slug>/", views.plan_list, name="list"),
    path("edp/<slug:slug>/new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/versions/<int:number>/", views.plan_version, name="version"),
    path("<int:pk>/steering/add/", views.steering_add, name="steering_add"),
    path("<int:pk>/steering/<int:member_pk>/remove/", views.steering_remove, name="steering_remove"),
    path("<int:pk>/<str:kind>/add/", views.node_edit, name="node_add"),
    path("<int:pk>/<str:kind>/<int:node_pk>/edit/", views.node_edit, name="node_edit"),
    path("<int:pk>/<str:kind>/<int:node_pk>/delete/", views.node_delete, name="node_delete"),
    path("<int:pk>/transition/<str:to>/", views.plan_transition, name="transition"),
    path("<int:pk>/dashboard/", views.plan_dashboard, name="dashboard"),
    path("<int:pk>/indicators/<int:indicator_pk>/", views.indicator_detail, name="indicator"),
    path("<int:pk>/evidence/<int:measurement_pk>/", views.evidence_download, name="evidence"),
    path("<int:pk>/actions/<int:action_pk>/status/", views.action_status, name="action_status"),
    path("<int:pk>/import/", views.measurements_import, name="import"),
    path("<int:pk>/print/", exports.plan_print, name="print"),
    path("<int:pk>/pdf/", exports.plan_pdf, name="pdf"),
    path("<int:pk>/export/indicators.<str:fmt>", exports.export_indicators, name="export_indicators"),
    path("<int:pk>/export/measurements.<str:fmt>", exports.export_measurements, name="export_measurements"),
]
