"""The client's address for login throttling: the forwarded-for header counts only when a trusted proxy sent it."""

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    # settings.py has already refused a malformed entry at start-up.
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_trusted(address: str, proxies: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_ip_get(request) -> str | None:
    """REMOTE_ADDR, unless it is a trusted proxy: then the right-most X-Forwarded-For entry that is not one.

    Entries left of the last untrusted one were written by the client and can be anything, so they
    are never read. A request that came only through trusted proxies keeps the left-most of them.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = _networks(tuple(settings.TRUSTED_PROXIES))
    if not remote or not _is_trusted(remote, proxies):
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    client = remote
    for entry in reversed(forwarded):
        try:
            ipaddress.ip_address(entry)
        except ValueError:
            # A malformed hop cannot be attributed: the proxy that wrote it is as far as we can see.
            break
        client = entry
        if not _is_trusted(entry, proxies):
            break
    return client
