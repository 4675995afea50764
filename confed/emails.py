"""Email the portal sends: rendered from templates in the recipient's language, sent by
a Celery worker once the transaction that caused it has committed."""

import logging
import re

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from kombu.exceptions import OperationalError

from .tasks import send_email

logger = logging.getLogger(__name__)


def one_line(text: str) -> str:
    """A subject as one line, its template's line breaks and indents gone. Not
    str.split(): it would also take the no-break spaces French puts before a colon."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def render_email(*, template: str, context: dict, language: str) -> tuple[str, str]:
    """Subject and plain-text body from `<template>_subject.txt` and `<template>.txt`."""
    context = {"portal_url": settings.PORTAL_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return one_line(subject), body


def send_email_after_commit(*, to: list[str], template: str, context: dict, language: str) -> None:
    """Queue one email for after commit: a rolled-back change sends nothing."""
    subject, body = render_email(template=template, context=context, language=language)
    transaction.on_commit(lambda: _queue(subject=subject, body=body, to=to))


def _queue(*, subject: str, body: str, to: list[str]) -> None:
    """With the queue (Redis) out of reach the change stands, committed, and the person
    who made it is answered: the email that could not be queued is logged, with its
    subject and recipients, for the secretariat to send."""
    try:
        send_email.delay(subject=subject, body=body, to=to)
    except OperationalError:
        logger.exception("could not queue the email %r to %s", subject, ", ".join(to))
