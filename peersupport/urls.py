from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The Django admin signs in through allauth, so it shares its rate limits, MFA and audit trail.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Peer Support Programme administration"
admin.site.site_title = "Peer Support Programme"

urlpatterns = [
    path("", include("peersupport.core.urls")),
    path("", include("peersupport.accounts.urls")),
    path("", include("peersupport.notifications.urls")),
    path("groups/", include("groups.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "peersupport.core.views.error_403"
handler404 = "peersupport.core.views.error_404"
handler500 = "peersupport.core.views.error_500"
