from django.urls import path

from peersupport.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("help/crisis/", views.crisis, name="crisis"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("manage/audit/", views.audit_list, name="audit_list"),
    path("manage/audit/export.csv", views.audit_export, name="audit_export"),
]
