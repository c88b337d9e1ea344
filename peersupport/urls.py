from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from peersupport.core.pillars import pillars

# The Django admin signs in through allauth, so it shares its rate limits, MFA and audit trail.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Peer Support Programme administration"
admin.site.site_title = "Peer Support Programme"

urlpatterns = [
    path("", include("peersupport.core.urls")),
    path("", include("peersupport.accounts.urls")),
    path("", include("peersupport.notifications.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Each pillar's pages, at the address it declares (DESIGN §6: /groups/, /training/, /events/, /kudos/).
    *(path(pillar.url_prefix, include(pillar.urls)) for pillar in pillars() if pillar.urls),
]

handler403 = "peersupport.core.views.error_403"
handler404 = "peersupport.core.views.error_404"
handler500 = "peersupport.core.views.error_500"
