from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("themes/", views.theme_list, name="theme_list"),
    path("new/", views.group_create, name="create"),
    path("<str:public_id>/", views.group_detail, name="detail"),
    path("<str:public_id>/join/", views.group_join, name="join"),
    path("<str:public_id>/leave/", views.group_leave, name="leave"),
    path("<str:public_id>/me/", views.membership_preferences, name="preferences"),
    path("<str:public_id>/manage/", views.group_manage, name="manage"),
    path("<str:public_id>/manage/requests/<str:membership_id>/", views.request_decide, name="request_decide"),
    path(
        "<str:public_id>/manage/members/<str:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("<str:public_id>/facilitators/", views.facilitator_appoint, name="appoint"),
]
