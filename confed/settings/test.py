"""Settings for `make test`: the real PostgreSQL and Redis, fast hashing, mail kept in memory."""

import uuid

from .base import *  # noqa: F403 (a settings module extends the one it imports)
from .base import BASE_DIR, CACHES, STATIC_ROOT, env

CONFED_ENVIRONMENT = "test"
DEBUG = False
SECRET_KEY = "test-only-not-a-secret"  # noqa: S105 (tests only)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail stays in memory, except for the tests that run a worker against an SMTP server.
if not env.bool("TEST_SEND_BY_SMTP", default=False):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests share one Redis with `make run` and with earlier test runs: a prefix of each
# run's own keeps their keys (rate limits among them) apart.
CACHES["default"]["KEY_PREFIX"] = f"confed-test-{uuid.uuid4().hex[:12]}"
# WhiteNoise looks for collected files at start-up; tests serve none from there.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = BASE_DIR / ".local" / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in the test's own process; tests of the worker itself start a real one.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# django-axes logs every login at INFO: noise in test output.
AXES_VERBOSE = False
