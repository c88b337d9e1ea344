from django.urls import path

from peersupport.accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("me/", views.profile, name="profile"),
    path("manage/people/", views.people, name="people"),
    path("manage/people/invite/", views.invitation_create, name="invitation_create"),
    path(
        "manage/people/invitations/<str:public_id>/revoke/", views.invitation_revoke, name="invitation_revoke"
    ),
    path("manage/people/import/", views.import_create, name="import_create"),
    path("manage/people/imports/<str:public_id>/", views.import_detail, name="import_detail"),
]
