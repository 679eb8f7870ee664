"""Fetching ``image_url``: only from the allow-list, never from this server itself, within size and time.

The allow-list (``DOCEXTRACT_URL_ALLOW_HOSTS``) checks scheme, host and port: an entry is
``[scheme://]host[:port]``; a host written ``.example.com`` or ``*.example.com`` also allows its
subdomains; without a scheme http and https are allowed, without a port only the scheme's default
port, and ``:*`` any port:

>>> host_allowed("a.bucket.example.com", (".bucket.example.com",)), host_allowed("evil.com", ("example.com",))
(True, False)
>>> allow = ("oss.example.com", "https://.bucket.example.com", "127.0.0.1:8081")
>>> [url_allowed(u, allow) for u in ("http://oss.example.com/a.jpg", "http://oss.example.com:9000/pre-stop",
...                                  "https://x.bucket.example.com/a", "http://x.bucket.example.com/a",
...                                  "http://127.0.0.1:8081/a.png", "http://127.0.0.1/a.png")]
[True, False, True, False, True, False]
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

from ..errors import ImageTooLarge, InputError

__all__ = ["host_allowed", "url_allowed", "fetch_url"]


def host_allowed(host: str | None, allow: tuple[str, ...]) -> bool:
    """``host`` is in ``allow`` (exact), or under an entry written ``.example.com`` / ``*.example.com``."""
    host = (host or "").lower().rstrip(".")
    for entry in allow:
        entry = entry.lower()
        if entry.startswith("*."):
            entry = entry[1:]
        if host == entry or (entry.startswith(".") and host.endswith(entry)):
            return True
    return False


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _entry(entry: str) -> tuple[tuple[str, ...], str, int | None]:
    """(schemes, host, port or None for any) of one allow-list entry."""
    entry = entry.strip().lower()
    schemes: tuple[str, ...] = ("http", "https")
    if "://" in entry:
        scheme, entry = entry.split("://", 1)
        schemes = (scheme,)
    host, port = entry, ""
    if entry.startswith("["):  # [::1]:8080
        host, _, rest = entry[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif entry.count(":") == 1:
        host, port = entry.split(":")
    if port == "*":
        return schemes, host, None
    return schemes, host, int(port) if port.isdigit() else -1  # -1: the scheme's default port


def url_allowed(url: str, allow: tuple[str, ...]) -> bool:
    """``url``'s scheme, host and port match an entry of ``allow`` (see the module docs)."""
    try:
        parts = urlsplit(url)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return False
    for entry in allow:
        schemes, host, want = _entry(entry)
        if parts.scheme not in schemes or not host_allowed(parts.hostname, (host,)):
            continue
        if want is None or port == (want if want != -1 else _DEFAULT_PORTS.get(parts.scheme)):
            return True
    return False


def _local_addresses() -> set[str]:
    out = {"0.0.0.0", "::"}
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            out.add(str(info[4][0]))
    except OSError:
        pass
    return out


async def _check_not_self(host: str, port: int, own_port: int | None) -> None:
    """Refuse a URL that reaches this server itself (its port on a loopback or local address)."""
    if own_port is None or port != own_port:
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return  # the fetch itself reports the unknown host
    local = _local_addresses()
    for info in infos:
        addr = str(info[4][0]).split("%")[0]
        ip = ipaddress.ip_address(addr)
        if ip.is_loopback or ip.is_unspecified or addr in local:
            raise InputError(f"image_url must not point at this server itself ({host}:{port})", field="image_url")


async def fetch_url(url: str, *, allow: tuple[str, ...], max_bytes: int, timeout: float,
                    max_redirects: int = 3, own_port: int | None = None) -> bytes:
    """Download ``url`` if it (and every redirect) is allowed and is not this server (``own_port``),
    within the size and time limits."""
    if not allow:
        raise InputError("image_url is turned off on this server (set DOCEXTRACT_URL_ALLOW_HOSTS to allow hosts); "
                         "send image_base64 instead")
    try:
        return await asyncio.wait_for(_fetch(url, allow, max_bytes, timeout, max_redirects, own_port), timeout)
    except (asyncio.TimeoutError, TimeoutError):
        raise InputError(f"image_url: no complete answer within {timeout:g} s: {_safe(url)}") from None


def _safe(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{parts.path}"[:200]


async def _check(url: str, allow: tuple[str, ...], own_port: int | None) -> None:
    try:
        parts = urlsplit(url)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        raise InputError("image_url is not a valid URL", field="image_url") from None
    if parts.scheme not in ("http", "https"):
        raise InputError(f"image_url must be http or https, not {parts.scheme or 'no scheme'!r}")
    if not url_allowed(url, allow):
        raise InputError(f"image_url {parts.scheme}://{parts.hostname}:{port} is not in the allow-list of this "
                         "server (scheme, host and port are checked)", field="image_url")
    await _check_not_self(parts.hostname or "", port, own_port)


async def _fetch(url: str, allow: tuple[str, ...], max_bytes: int, timeout: float, max_redirects: int,
                 own_port: int | None) -> bytes:
    import httpx

    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _ in range(max_redirects + 1):
            await _check(url, allow, own_port)
            try:
                async with client.stream("GET", url) as resp:
                    if resp.status_code in (301, 302, 303, 307, 308) and resp.headers.get("location"):
                        url = urljoin(url, resp.headers["location"])
                        continue
                    if resp.status_code != 200:
                        raise InputError(f"image_url answered HTTP {resp.status_code}: {_safe(url)}")
                    declared = resp.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise ImageTooLarge(f"image_url: {int(declared):,} bytes is over the limit of {max_bytes:,}")
                    chunks, size = [], 0
                    async for chunk in resp.aiter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise ImageTooLarge(f"image_url: more than {max_bytes:,} bytes")
                        chunks.append(chunk)
                    return b"".join(chunks)
            except httpx.HTTPError as exc:
                raise InputError(f"image_url could not be fetched ({type(exc).__name__}): {_safe(url)}") from None
        raise InputError(f"image_url: more than {max_redirects} redirects")
