"""Settings for `make bench`: production's (DEBUG off, persistent connections, Redis), plus two things that
exist only here: a middleware that counts each response's database queries into an `X-Queries` header, and a
trivial signed-in page that every other page is compared with. Neither is part of the product.

The benchmark talks plain HTTP on loopback, so the HTTPS-only cookies and redirect are off; nothing else
differs from a production start.
"""

from peersupport.settings import *  # noqa: F403
from peersupport.settings import MIDDLEWARE, TEMPLATES

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
LANGUAGE_COOKIE_NAME = "django_language"
# Every simulated person signs in from 127.0.0.1, so the per-address sign-in limit would refuse them all.
ACCOUNT_RATE_LIMITS = False
