"""Settings for `make bench`: the production settings, on loopback over plain HTTP,
against the benchmark's own database, with a bare view beside the portal's pages."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("EMAIL_URL", "consolemail://")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")  # no TLS proxy in front of it here

from confed.settings.production import *  # noqa: F403
from confed.settings.production import BASE_DIR, CACHES

CONFED_ENVIRONMENT = "bench"
ROOT_URLCONF = "bench.urls"
# Kept apart from the developer's own portal in the same Redis.
CACHES["default"]["KEY_PREFIX"] = "confed-bench"
STATIC_ROOT = BASE_DIR / ".local" / "bench-static"
