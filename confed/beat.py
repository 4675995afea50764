"""Celery beat's scheduler, kept alive through a database outage.

django-celery-beat's DatabaseScheduler reads the schedule from PostgreSQL. It survives
an error while it checks for changes or saves, but not one while it reads the whole
schedule again, which it does after every change and at least every few minutes: a
PostgreSQL outage at that moment ended beat, and with it every reminder and sweep
until someone restarted it. This one keeps the schedule it has, says so in the log,
and reads it again at the next tick, until the database answers.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, connections
from django_celery_beat import schedulers

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (DatabaseError, InterfaceError)


class DatabaseScheduler(schedulers.DatabaseScheduler):
    def __init__(self, *args, **kwargs) -> None:
        self._read_failed = False
        # How often the whole schedule is read again whatever changed (django-celery-
        # beat's own is five minutes; a test makes it short).
        schedulers.SCHEDULE_SYNC_MAX_INTERVAL = settings.BEAT_FULL_READ_SECONDS
        super().__init__(*args, **kwargs)

    def all_as_schedule(self):
        try:
            schedule = super().all_as_schedule()
        except DATABASE_ERRORS:
            logger.exception("beat could not read its schedule; it keeps the one it has")
            connections.close_all()  # a new connection next time, once the database is back
            self._read_failed = True
            return self._schedule or {}
        if self._read_failed:
            logger.info("beat reads its schedule again")
        self._read_failed = False
        return schedule

    def schedule_changed(self) -> bool:
        if self._read_failed:
            return True  # read it again now: the last read failed
        return super().schedule_changed()

    def tick(self, *args, **kwargs):
        try:
            return super().tick(*args, **kwargs)
        except DATABASE_ERRORS:
            logger.exception("beat met a database error; it goes on at the next tick")
            connections.close_all()
            return self.max_interval
