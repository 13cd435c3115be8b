from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("data/", views.personal_data_page, name="personal_data"),
    path("data/<str:token>/", views.personal_data_download, name="personal_data_download"),
    path("delete/", views.account_delete, name="delete"),
]
