"""Email the portal sends: rendered from templates in the recipient's language, written
into the outbox in the transaction that causes it, and sent by a worker once that
transaction has committed (confed.outbox)."""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from . import outbox


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


def send_email_after_commit(
    *,
    to: list[str],
    template: str,
    context: dict,
    language: str,
    holds_a_secret: bool = False,
    attachments: list[outbox.Attachment] = (),
) -> None:
    """Owe one email: a rolled-back change sends nothing, a committed one always does.
    `holds_a_secret`: it carries a link that sets a password (confed.outbox.owe);
    `attachments`: files made when it is sent."""
    subject, body = render_email(template=template, context=context, language=language)
    outbox.owe(
        to=to,
        subject=subject,
        text=body,
        template=template,
        language=language,
        holds_a_secret=holds_a_secret,
        attachments=attachments,
    )
