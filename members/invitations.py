"""Invitation links: signed, valid for INVITATION_DAYS, and used once.

Django's password-reset tokens have one lifetime for all; an invitation keeps its own
(INVITATION_DAYS) with django.core.signing. A link is used up when the password is
set, because it carries a hash of the password it was made against.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "confed.members.invitation"


def _state(user: AbstractBaseUser) -> str:
    """Changes when the password is set: what makes a used link invalid."""
    return salted_hmac(SALT, f"{user.pk}:{user.password}").hexdigest()[:20]


def make_token(user: AbstractBaseUser) -> str:
    return signing.dumps({"user": user.pk, "state": _state(user)}, salt=SALT, compress=True)


def user_for_token(token: str) -> AbstractBaseUser | None:
    """The invited user, or None for a link that is forged, expired or already used."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.INVITATION_DAYS * 86400)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    user = get_user_model().objects.filter(pk=payload.get("user"), is_active=True).first()
    if user is None or not constant_time_compare(payload.get("state", ""), _state(user)):
        return None
    return user
