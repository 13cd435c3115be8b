"""Settings for `make run` and development: embedded defaults, DEBUG on request."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
