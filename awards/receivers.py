"""The council's decisions on awards, acted on: a poll closed on a nomination's agenda
item approves or rejects the nomination (awards.services.record_council_vote), in the
closing transaction, so the two stand or fall together."""

from django.dispatch import receiver

from council.models import Poll
from council.signals import poll_closed

from . import services


@receiver(poll_closed, sender=Poll, dispatch_uid="awards-council-vote")
def nomination_decided_by_the_council(sender, *, poll: Poll, by=None, **kwargs) -> None:
    services.record_council_vote(poll=poll, by=by)
