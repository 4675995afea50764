from celery import shared_task

from . import services


@shared_task
def close_written_votes() -> int:
    """Close the written votes whose time has come, and state their results (beat,
    every minute)."""
    return services.close_written_votes()
