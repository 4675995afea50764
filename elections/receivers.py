"""The council's results, acted on: an election's gives its winner the term, a
candidature's approves it (council.signals.poll_closed, in the closing transaction).
What the council decided stands: neither refuses the close."""

from django.dispatch import receiver

from council.signals import poll_closed

from . import services
from .models import Call, Candidature


@receiver(poll_closed, dispatch_uid="elections.poll_closed")
def on_poll_closed(sender, poll, by=None, **kwargs) -> None:
    item = poll.item
    call = Call.objects.filter(item=item).first()
    if call is not None:
        services.elect(
            call=call, outcome=poll.outcome, elected=poll.elected, decision=item.decision
        )
        return
    candidature = Candidature.objects.filter(item=item).first()
    if candidature is not None:
        services.decide_candidature(
            candidature=candidature, outcome=poll.outcome, decision=item.decision
        )
