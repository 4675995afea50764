import smtplib

from celery import shared_task
from django.core.mail import send_mail


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_email(*, subject: str, body: str, to: list[str]) -> None:
    """Send one email; an SMTP failure is retried with exponential backoff."""
    send_mail(subject=subject, message=body, from_email=None, recipient_list=to)
