import asyncio
import socket
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


@dataclass
class SmtpHandler:
    """An SMTP server's behaviour: accept (and keep) messages, or refuse them for now."""

    refuse: bool = False
    hold_first: bool = False
    received: list = field(default_factory=list)
    first_arrived: threading.Event = field(default_factory=threading.Event)
    release_first: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.hold_first and not self.first_arrived.is_set():
            # In the middle of a send: the client waits for our answer.
            self.first_arrived.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release_first.wait, 60)
            return "451 4.3.0 the sender went away"
        if self.refuse:
            return "451 4.3.0 Try again later"
        self.received.append(envelope)
        return "250 OK"

    def subjects(self) -> list[str]:
        subjects = []
        for envelope in self.received:
            for line in envelope.content.decode().splitlines():
                if line.startswith("Subject: "):
                    subjects.append(line.removeprefix("Subject: "))
        return subjects


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django sends to it."""
    handler = SmtpHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    handler.port = controller.port
    yield handler
    handler.release_first.set()
    controller.stop()
