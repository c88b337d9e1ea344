from django.urls import path

from peersupport.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/badge/", views.notification_badge, name="badge"),
    path("notifications/read-all/", views.notification_read_all, name="read_all"),
    path("notifications/<str:public_id>/read/", views.notification_read, name="read"),
    path("notifications/<str:public_id>/open/", views.notification_open, name="open"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("me/notifications/", views.preferences, name="preferences"),
]
