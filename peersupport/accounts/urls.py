from django.urls import path

from peersupport.accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("me/", views.profile, name="profile"),
    path("me/email/confirm/<str:token>/", views.email_change_confirm, name="email_change_confirm"),
    path("me/email/cancel/<str:token>/", views.email_change_cancel, name="email_change_cancel"),
    path("me/privacy/", views.privacy, name="privacy"),
    path("me/privacy/export/", views.data_export_create, name="data_export_create"),
    path("me/privacy/exports/<str:public_id>/", views.data_export_detail, name="data_export_detail"),
    path(
        "me/privacy/exports/<str:public_id>/download/",
        views.data_export_download,
        name="data_export_download",
    ),
    path("me/privacy/delete/", views.account_delete, name="account_delete"),
    path("manage/people/", views.people, name="people"),
    path("manage/people/invite/", views.invitation_create, name="invitation_create"),
    path(
        "manage/people/invitations/<str:public_id>/resend/", views.invitation_resend, name="invitation_resend"
    ),
    path(
        "manage/people/invitations/<str:public_id>/revoke/", views.invitation_revoke, name="invitation_revoke"
    ),
    path("manage/people/import/", views.import_create, name="import_create"),
    path("manage/people/imports/<str:public_id>/", views.import_detail, name="import_detail"),
]
