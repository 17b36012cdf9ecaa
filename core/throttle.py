"""A fixed-window counter in the cache for requests that must not be repeated without limit (reset e-mails)."""

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def throttle_key(scope: str, value: str) -> str:
    # Hashed: an e-mail address or an IP address is not kept readable in the cache.
    return f"throttle:{scope}:{hashlib.sha256(value.casefold().encode()).hexdigest()}"


def throttle_hit(scope: str, value: str, *, limit: int, seconds: int) -> bool:
    """Count one request for `value`; True when this one is over `limit` within the window (0: no limit).

    With the cache unreachable the request is let through: a reset link must stay possible.
    """
    if limit <= 0 or not value:
        return False
    key = throttle_key(scope, value)
    try:
        cache.add(key, 0, timeout=seconds)
        return cache.incr(key) > limit
    except Exception:  # any cache failure: allow, and say so
        logger.warning("Penghitung batas %s tidak dapat dibaca; permintaan diteruskan.", scope, exc_info=True)
        return False
