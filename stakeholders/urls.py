from django.urls import path

from . import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("register/", views.register, name="register"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/requests/<int:membership_id>/", views.decide, name="decide"),
]
