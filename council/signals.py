"""What the council tells the apps above it, which it does not know.

`poll_closed` is sent once a poll is closed and its result kept, in the closing
transaction, with `poll` (its item and session loaded). The apps whose business the
council votes on (an election, an award, a candidature) act on the result from it:
a receiver that raises undoes the close with it."""

from django.dispatch import Signal

poll_closed = Signal()
