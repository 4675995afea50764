"""System checks of the portal's own, beside Django's."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def portal_url_is_set(app_configs, **kwargs) -> list[Error]:
    """Every email links to the portal: invitations are the only way a vice president
    gets an account, so a server must say where it is reached."""
    url = getattr(settings, "PORTAL_URL", "")
    if not url:
        return [
            Error(
                "PORTAL_URL is not set: the links in the portal's emails would lead nowhere.",
                hint="Set PORTAL_URL to the address people reach the portal at, "
                "e.g. https://portal.example.org.",
                id="confed.E001",
            )
        ]
    if not url.startswith("https://"):
        return [
            Error(
                f"PORTAL_URL is {url}: the links in emails must use https.",
                id="confed.E002",
            )
        ]
    return []
