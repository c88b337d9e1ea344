"""Settings for the Peer Support Programme, all driven by the environment (see .env.example).

With nothing set, the app runs on the embedded default: SQLite and a file-based Celery broker under var/,
e-mail to the console and to var/mail/. DATABASE_URL and REDIS_URL switch it to PostgreSQL and Redis.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _setting(name: str, default: str) -> str:
    """A string setting where an empty value (as left in a copied .env.example) means the default."""
    return env.str(name, default="") or default


def _path(name: str, default: Path) -> Path:
    """A folder setting; relative paths are taken from the project folder."""
    value = Path(_setting(name, str(default)))
    return value if value.is_absolute() else BASE_DIR / value


DEBUG = env.bool("DEBUG", default=False)
# The demo that `make run` serves: production behaviour (DEBUG off, so the product's own error pages,
# hashed static files served by WhiteNoise) over plain HTTP on this machine only, with a key made for it.
DEMO = env.bool("DEMO", default=False) and not DEBUG
LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"]


def _demo_secret_key() -> str:
    """A random key made on first start and kept in var/ (so demo sign-ins survive a restart)."""
    import secrets

    path = VAR_DIR / "demo-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


# Production refuses to start without an explicit secret and host list; only DEBUG gets a throwaway key.
if DEBUG:
    SECRET_KEY = _setting("SECRET_KEY", "insecure-development-key-never-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=LOCAL_HOSTS)
elif DEMO:
    SECRET_KEY = _setting("SECRET_KEY", "") or _demo_secret_key()
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=LOCAL_HOSTS)
    # The demo drops HTTPS-only cookies and redirects, which is safe only on this machine's own addresses.
    if set(ALLOWED_HOSTS) - set(LOCAL_HOSTS):
        raise ImproperlyConfigured("DEMO answers only on localhost; use production settings on a server.")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = _setting("SITE_URL", "http://localhost:8000").rstrip("/")
SITE_NAME = _setting("SITE_NAME", "Peer Support Programme")
ORGANISATION_NAME = _setting("ORGANISATION_NAME", "Example Ltd")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's session and security-key pages use it
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "peersupport.core",
    "peersupport.accounts",
    "peersupport.notifications",
    "groups",
    "training",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "peersupport.accounts.middleware.SessionTimeoutMiddleware",
    "peersupport.core.middleware.UserTimezoneMiddleware",
    "peersupport.accounts.middleware.PrivilegedAreaMiddleware",
    "peersupport.core.http.MethodNotAllowedMiddleware",
    "peersupport.core.middleware.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "peersupport.urls"
WSGI_APPLICATION = "peersupport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "peersupport.accounts.context_processors.shell",
            ],
        },
    }
]

# --- Data stores -------------------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db_url_config(_setting("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"))}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
_embedded_database = DATABASES["default"]["ENGINE"].endswith("sqlite3")
# Keep a database connection open between requests (seconds; docs/operations.md). Opening a PostgreSQL
# connection costs more than most pages' queries: on the benchmark machine the home page served 116
# requests/s with a connection per request and 284 with this at 60. Health checks reopen a connection the
# server dropped (restart, failover, idle timeout) instead of failing the next request. A SQLite file costs
# nothing to open, so the embedded default keeps a connection per request.
DATABASES["default"]["CONN_MAX_AGE"] = int(_setting("CONN_MAX_AGE", "0" if _embedded_database else "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
# A named (file) test database, so that a Celery worker process started by the suite or by CI sees the
# same rows as the tests.
if _embedded_database:
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_db.sqlite3")}
    # Web server and worker share the file: take the write lock when a transaction starts, and wait for
    # it, rather than failing with "database is locked" when a reading transaction later tries to write.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
else:
    DATABASES["default"]["TEST"] = {"NAME": _setting("TEST_DATABASE_NAME", "test_peersupport")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = _setting("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # A database cache is shared by every process, so rate limits hold with several web workers.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "peersupport_cache",
        }
    }

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Authentication ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

ACCOUNT_ADAPTER = "peersupport.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = False
# The e-mail address is the login and how invitations and domains are checked: one per person.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {"signup": "peersupport.accounts.forms.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG or DEMO else "https"
# Failed logins: 5 per e-mail per 5 minutes and 10 per minute per IP address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/300s/key"),
    "login": "30/m/ip",
    "signup": "20/m/ip",
}
# How many reverse proxies sit in front of the app: their X-Forwarded-For entries are trusted for the
# client address that rate limits count per IP.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Sign-up is open to these e-mail domains; anyone else needs an invitation from a site admin.
SIGNUP_ALLOWED_EMAIL_DOMAINS = [
    d.lower() for d in env.list("SIGNUP_ALLOWED_EMAIL_DOMAINS", default=["example.com"])
]
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or DEMO
MFA_PASSKEY_LOGIN_ENABLED = False
# HR admins, site admins and programme leads reach no privileged page without a second factor, and nobody
# reaches a page that changes who sees confidential content without one (accounts.access).
MFA_REQUIRED_FOR_PRIVILEGED_ROLES = env.bool("MFA_REQUIRED_FOR_PRIVILEGED_ROLES", default=True)
PRIVILEGED_PATH_PREFIXES = ["/admin/", "/insights/", "/manage/"]

USERSESSIONS_TRACK_ACTIVITY = False

# Sessions: 30 minutes idle, 12 hours at most since sign-in (accounts.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env.int("SESSION_ABSOLUTE_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Security headers and cookies --------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

if not DEBUG and not DEMO:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are bound to this exact host over HTTPS and cannot be planted by a sibling domain.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"

# The header a TLS-terminating proxy sets, e.g. "X-Forwarded-Proto"; empty when there is no proxy.
_proxy_header = env.str("SECURE_PROXY_SSL_HEADER", default="")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}

# Smallest group of people an HR-facing number may describe (raised only; see core/disclosure.py).
DISCLOSURE_MIN_COHORT = env.int("DISCLOSURE_MIN_COHORT", default=5)
DISCLOSURE_MIN_COHORT_SENSITIVE = env.int("DISCLOSURE_MIN_COHORT_SENSITIVE", default=10)

# How long after the old address is told an admin-asked change of sign-in address can take effect.
EMAIL_CHANGE_NOTICE_HOURS = env.int("EMAIL_CHANGE_NOTICE_HOURS", default=48)

# How long a group's members are told about a new facilitator before that person can see the group.
FACILITATOR_NOTICE_HOURS = env.int("FACILITATOR_NOTICE_HOURS", default=48)

# Training: how long a peer-supporter certificate lasts, and the pass mark new quizzes start with.
TRAINING_CERTIFICATE_MONTHS = env.int("TRAINING_CERTIFICATE_MONTHS", default=24)
TRAINING_PASS_MARK = env.int("TRAINING_PASS_MARK", default=80)

# An erased author's anonymous posts are blanked at a random moment within this many days (groups).
ANONYMOUS_ERASURE_MAX_DAYS = env.int("ANONYMOUS_ERASURE_MAX_DAYS", default=14)


# --- Internationalisation ----------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = str(_path("STATIC_ROOT", VAR_DIR / "static"))
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# --- E-mail ------------------------------------------------------------------------------------------
EMAIL_BACKEND = _setting("EMAIL_BACKEND", "peersupport.core.mail.ConsoleAndFileBackend")
EMAIL_FILE_PATH = str(_path("EMAIL_FILE_PATH", VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = _setting("DEFAULT_FROM_EMAIL", "Peer Support Programme <peersupport@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if _setting("EMAIL_URL", ""):
    vars().update(env.email_url("EMAIL_URL"))

# --- Celery ------------------------------------------------------------------------------------------
CELERY_BROKER_DIR = _path("CELERY_BROKER_DIR", VAR_DIR / "broker")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Publishing from a web request gives up fast (one quick retry) when Redis is down: the work is already
    # a database row, and the dispatcher publishes it once Redis is back.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 1,
        "socket_timeout": 2,
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
else:
    for folder in ("queue", "processed", "control"):
        (CELERY_BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    # The folders below are the whole address; "localhost" only spares kombu its "no hostname" warning.
    CELERY_BROKER_URL = "filesystem://localhost/"
    # kombu's filesystem transport with atomic writes and malformed messages skipped (core/broker.py).
    CELERY_BROKER_TRANSPORT = "peersupport.core.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # The filesystem transport needs one shared folder for both directions.
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
        "polling_interval": 0.2,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Forms, logging, admin ---------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
MESSAGE_TAGS = {40: "danger"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
