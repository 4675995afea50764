"""Settings shared by every environment, read from environment variables.

local.py, test.py and production.py import this module and change only what
differs; production.py gives no default for a secret.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# Which settings module is in force; load_demo refuses to run in production.
CONFED_ENVIRONMENT = "base"

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "confed.apps.SecretariatAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django.contrib.postgres",
    "django_celery_beat",
    "django_ratelimit",
    "confed",
    "members",
    "governance",
    "subscriptions",
    "events",
    "documents",
    "about",
    "delegations",
    "council",
    "elections",
    "awards",
    "reminders",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_email",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a login while its account and address are locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, which serves static files compressed ahead of time.
    "django.middleware.gzip.GZipMiddleware",
    # Public pages from the cache, before the sessions and the rest are set up for them.
    "confed.cache.PublicPageMiddleware",
    # A personal page kept for its session, before the sessions are read for it.
    "confed.personal_cache.PersonalPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "confed.i18n.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session gave its second factor, and, if it owes one, the page for it.
    "django_otp.middleware.OTPMiddleware",
    "members.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Security headers on every response, in every environment (HSTS and secure cookies
# are production's, which serves HTTPS). No inline script or style anywhere.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws some icons as data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Two factors (members/two_factor.py): required of staff accounts where this is true
# (production's default); a vice president may set one up in any case.
TWO_FACTOR_FOR_STAFF = env.bool("TWO_FACTOR_FOR_STAFF", default=False)
OTP_TOTP_ISSUER = "CIOR · CIOMR"

# Login throttling: after AXES_FAILURE_LIMIT failures, the account is locked for
# logins from that address for AXES_COOLOFF_TIME hours; the secretariat unlocks it in
# the admin (Axes: access attempts, delete). Locking the pair, not the account alone,
# keeps anyone from locking a vice president out from elsewhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME", default=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "confed.http.visitor_address"
AXES_USERNAME_CALLABLE = "confed.http.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed login, for the secretariat to read
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

ROOT_URLCONF = "confed.urls"
WSGI_APPLICATION = "confed.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default="postgres:///confed")}
# One transaction per request: a view that fails half-way leaves nothing half-saved.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The portal's data fits in memory, where a random read costs about what a sequential
# one does. At PostgreSQL's default of 4 the planner read all 20,000 people of the
# bench's data set to name the 100 current officers (7 ms; 0.3 ms at 1.1). Set on each
# connection, so any server gets it (behind PgBouncer, let `options` through).
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = f"{_options.get('options', '')} -c random_page_cost=1.1".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
# Seconds a web request waits for Redis before it goes on without it (the page is
# rendered, the email waits in the outbox), and for how long after that it does not
# ask again (confed/redis_cache.py).
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.25)
REDIS_BREAKER_SECONDS = env.float("REDIS_BREAKER_SECONDS", default=5)
CACHES = {
    "default": {
        "BACKEND": "confed.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "confed",
        "OPTIONS": {
            "socket_timeout": REDIS_TIMEOUT,
            "socket_connect_timeout": REDIS_TIMEOUT,
            "retry_on_timeout": False,
        },
    }
}
# How long a public page may be served from the cache (confed/cache.py); an edit to the
# data behind it retires it at once. 0 turns the page cache off.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=3600)
# How long a personal page may be served to the session it was rendered for
# (confed/personal_cache.py), at most until the session expires; an edit to any record
# retires it at once. 0 turns it off.
PERSONAL_PAGE_CACHE_SECONDS = env.int("PERSONAL_PAGE_CACHE_SECONDS", default=3600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English and French are the official languages of both confederations and of NATO.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as French writes them ("1er février 2027"), shown through confed.i18n.format_date.
FORMAT_MODULE_PATH = ["confed.formats"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Brussels")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / ".local" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (the documents' versions): never served from a public address, only
# through the portal's download view, which checks who may read them. On the local disk
# by default; in S3-compatible object storage (django-storages) where several web
# containers share them: FILE_STORAGE=s3 and the AWS_* variables below.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / ".local" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env("FILE_STORAGE", default="local") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
# The largest file the library takes.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# The portal's address as people reach it, for links in emails (`make run` sets it from
# PORT; production requires it).
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="confed <noreply@confed.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Django 6 behaviour now: a URL typed without a scheme is https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# History is for reading: a revert would rewrite a membership behind its services.
SIMPLE_HISTORY_REVERT_DISABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Messages wait in a cookie of their own, never in the session: whoever has one waiting
# holds that cookie, so the page cache (which does not read the session) renders their
# page for them, and a page that shows a message is never kept (its answer deletes it).
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "account"
LOGOUT_REDIRECT_URL = "home"
# Days an invitation link to set a password stays valid.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=14)

# Celery: JSON only, bounded task time, and a task that dies with its worker is
# handed to another worker rather than lost (the reminders rely on it).
# redis-py names a unix socket unix:///path, Celery's transport redis+socket:///path.
CELERY_BROKER_URL = env(
    "CELERY_BROKER_URL", default=REDIS_URL.replace("unix://", "redis+socket://", 1)
)
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
# django-celery-beat's scheduler, kept alive through a database outage (confed/beat.py).
CELERY_BEAT_SCHEDULER = "confed.beat:DatabaseScheduler"
BEAT_FULL_READ_SECONDS = env.int("BEAT_FULL_READ_SECONDS", default=300)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message taken by a worker that is then killed goes back to the queue once it is
# older than visibility_timeout, at the next sweep for such messages (every
# unacked_restore_interval seconds with a throttle of 1): within a minute. Whether it is
# then sent is the claim's to say (confed/outbox.py): not while the first send may still
# be running (SEND_CLAIM_TIMEOUT); after that, the outbox's own sweep sends it. No task
# waits in the queue with a countdown, which Redis would hand out again each timeout.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=45),
    "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=5),
    "unacked_restore_throttle": 1,
}
# A web request hands an email to the queue with no retry and a short wait: if Redis
# does not answer, the email waits in the outbox for the sweep.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=15)
# Emails and reminders alike (confed/outbox.py): a send is killed after
# SEND_TIME_LIMIT seconds, so a claim older than SEND_CLAIM_TIMEOUT (longer) is a
# sender that died; a failed send is tried again after 60 s, 120 s, ... at most
# SEND_MAX_ATTEMPTS times; the sweep hands a row over again after SEND_SWEEP_AGAIN_SECONDS.
SEND_TIME_LIMIT = env.int("SEND_TIME_LIMIT", default=60)
SEND_CLAIM_TIMEOUT = env.int("SEND_CLAIM_TIMEOUT", default=90)
SEND_MAX_ATTEMPTS = env.int("SEND_MAX_ATTEMPTS", default=7)
SEND_RETRY_BACKOFF = env.int("SEND_RETRY_BACKOFF", default=60)
SEND_SWEEP_AGAIN_SECONDS = env.int("SEND_SWEEP_AGAIN_SECONDS", default=300)
REMINDER_APPLICATIONS_BEFORE_MEETING_DAYS = 14

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint tells each step of drawing a PDF (an invoice) at INFO: noise.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}

# True when a reverse proxy in front of gunicorn appends the visitor's address to
# X-Forwarded-For (see confed/http.py).
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
RATELIMIT_USE_CACHE = "default"
# django-ratelimit names the third-party django-redis; Django's own RedisCache, used
# here, has the atomic incr it needs.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# Membership applications accepted from one address per hour.
APPLICATION_RATE = env("APPLICATION_RATE", default="5/h")
# Requests for a password reset link, per client and per address asked for.
PASSWORD_RESET_RATE = env("PASSWORD_RESET_RATE", default="5/h")

# The iCal feed keeps past events of this many days, so it stays small as years pass.
ICAL_PAST_DAYS = env.int("ICAL_PAST_DAYS", default=365)

# Demo accounts made by load_demo.
DEMO_PASSWORD = env("DEMO_PASSWORD", default="confed-demo")
