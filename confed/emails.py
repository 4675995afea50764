"""Email the portal sends: rendered from templates in the recipient's language, sent by
a Celery worker once the transaction that caused it has committed."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import send_email


def render_email(*, template: str, context: dict, language: str) -> tuple[str, str]:
    """Subject and plain-text body from `<template>_subject.txt` and `<template>.txt`."""
    context = {"portal_url": settings.PORTAL_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return " ".join(subject.split()), body


def send_email_after_commit(*, to: list[str], template: str, context: dict, language: str) -> None:
    """Queue one email for after commit: a rolled-back change sends nothing."""
    subject, body = render_email(template=template, context=context, language=language)
    transaction.on_commit(lambda: send_email.delay(subject=subject, body=body, to=to))
