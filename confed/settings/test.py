"""Settings for `make test`: the real PostgreSQL and Redis, fast hashing, mail kept in memory."""

from .base import *  # noqa: F403 (a settings module extends the one it imports)
from .base import CACHES

CONFED_ENVIRONMENT = "test"
DEBUG = False
SECRET_KEY = "test-only-not-a-secret"  # noqa: S105 (tests only)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests share one Redis with a running `make run`; their own prefix keeps them apart.
CACHES["default"]["KEY_PREFIX"] = "confed-test"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in the test's own process; tests of the worker itself start a real one.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
