"""Settings for `make run` on a developer's machine."""

from .base import *  # noqa: F403 (a settings module extends the one it imports)
from .base import env

CONFED_ENVIRONMENT = "local"
DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-only-not-a-secret")
