"""Settings for a server: every secret from the environment, HTTPS everywhere.

`manage.py check --deploy --settings=confed.settings.production` passes with no warning.
"""

from .base import *  # noqa: F403 (a settings module extends the one it imports)
from .base import env

CONFED_ENVIRONMENT = "production"
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")  # no default: a server without one must not start
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
# The address people reach the portal at, for the links in emails: no default, and
# `check --deploy` fails without it (confed.checks), for an invitation with a link to
# nowhere is a vice president who never gets an account.
PORTAL_URL = env("PORTAL_URL", default="").rstrip("/")

# TLS ends at the reverse proxy in front of gunicorn, which says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The container healthcheck asks over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Staff accounts give a code from an authenticator app besides their password.
TWO_FACTOR_FOR_STAFF = env.bool("TWO_FACTOR_FOR_STAFF", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))  # noqa: F405
