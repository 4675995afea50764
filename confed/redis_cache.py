"""Redis, as the web requests use it: quick to give up, and not asked again at once.

Django's RedisCacheClient builds a new redis.Redis object for every cache call, and
building one (its table of response callbacks) costs more than the call itself: on a
page served from the cache it was a third of the request (cProfile, make bench). The
client is thread-safe and the pool behind it already shared, so one per pool does.

A frozen Redis (a process stopped, not gone: connections open, no answer) held each
request for the whole socket timeout, once per call. Every call from a web request
has a short timeout (REDIS_TIMEOUT), and a breaker: once a call has found Redis out of
reach, calls of the same kind fail at once for REDIS_BREAKER_SECONDS, instead of each
waiting out its own timeout. Callers treat OutOfReach as they treat Redis being down:
the page is rendered, the email waits in the outbox.
"""

import functools
import socket
import threading
import time

import redis.exceptions
from django.conf import settings
from django.core.cache.backends import redis as django_redis
from kombu.exceptions import OperationalError

# What Redis out of reach, or too slow, looks like to redis-py and to Celery's kombu.
UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
               OperationalError, socket.timeout, ConnectionError)  # fmt: skip


class OutOfReach(redis.exceptions.ConnectionError):
    """Redis did not answer in time, now or a moment ago. A RedisError, so that code
    ready for Redis being down is ready for this."""


class Breaker:
    """Fails at once for a while after a call found Redis out of reach."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._open_until = 0.0
        self._lock = threading.Lock()

    def call(self, function, *args, **kwargs):
        if time.monotonic() < self._open_until:
            raise OutOfReach(f"{self.name} was out of reach a moment ago")
        try:
            return function(*args, **kwargs)
        except UNREACHABLE as error:
            with self._lock:
                self._open_until = time.monotonic() + settings.REDIS_BREAKER_SECONDS
            raise OutOfReach(f"{self.name} is out of reach: {error}") from error

    def reset(self) -> None:
        self._open_until = 0.0


BREAKERS: dict[str, Breaker] = {}


def breaker(name: str):
    """Decorate a function that calls Redis: its calls go through the breaker `name`."""
    guard = BREAKERS.setdefault(name, Breaker(name))

    def decorate(function):
        @functools.wraps(function)
        def guarded(*args, **kwargs):
            return guard.call(function, *args, **kwargs)

        return guarded

    return decorate


class _GuardedClient:
    """A redis.Redis whose commands go through the cache's breaker."""

    def __init__(self, client, guard: Breaker) -> None:
        self._client, self._guard = client, guard

    def __getattr__(self, name: str):
        attribute = getattr(self._client, name)
        if not callable(attribute) or name == "pipeline":
            return attribute
        return functools.partial(self._guard.call, attribute)


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._guard = BREAKERS.setdefault("the cache", Breaker("the cache"))

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = _GuardedClient(self._client(connection_pool=pool), self._guard)
        return self._clients[pool]


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
