"""Fetch a photo from a URL without letting the URL reach inside our network (SSRF guard).

Only http and https; every address a host name resolves to must be public, unless the host is on the
allow-list; redirects are followed by hand so each hop is checked again; time and size are capped.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import httpcore
import httpx

from photoreel import __version__
from photoreel.errors import BadRequest, MediaTooLarge, UnsupportedMedia

MAX_REDIRECTS = 5


def _blocked(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def check_url(url: str, allow_hosts: list[str]) -> None:
    """Raise BadRequest unless `url` is http(s) and every address its host resolves to may be fetched."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BadRequest(f"only http and https URLs can be imported, not {parts.scheme or 'this'}")
    host = parts.hostname
    if not host:
        raise BadRequest("the URL has no host")
    vetted_addresses(host, parts.port or (443 if parts.scheme == "https" else 80), allow_hosts)


def vetted_addresses(host: str, port: int, allow_hosts: list[str]) -> list[str]:
    """The addresses `host` resolves to, all of them public (or the host allowed); BadRequest otherwise."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise BadRequest(f"cannot resolve {host}") from exc
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if host not in allow_hosts and _blocked(address):
            raise BadRequest(f"{host} resolves to a private or reserved address; only public hosts can be fetched")
        addresses.append(str(info[4][0]))
    return addresses


class _PinnedBackend(httpcore.SyncBackend):
    """Connects only to addresses vetted at connect time. Checking a name and then letting the HTTP client
    resolve it again would leave a gap a DNS server could answer differently in (DNS rebinding)."""

    def __init__(self, allow_hosts: list[str]) -> None:
        self.allow_hosts = allow_hosts

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = vetted_addresses(host, port, self.allow_hosts)
        except BadRequest as exc:
            raise httpcore.ConnectError(exc.message) from exc
        return super().connect_tcp(addresses[0], port, timeout, local_address, socket_options)


def pinned_transport(allow_hosts: list[str]) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport()
    # httpx builds its connection pool without a way to pass a network backend; swap in one that has ours.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(), network_backend=_PinnedBackend(allow_hosts)
    )
    return transport


def display_name(url: str) -> str:
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return name or urlsplit(url).hostname or "download"


def fetch(url: str, dest: Path, *, max_bytes: int, timeout_s: float, allow_hosts: list[str]) -> str:
    """Download `url` into `dest`; returns the final URL. Errors: BadRequest, MediaTooLarge, UnsupportedMedia."""
    deadline = time.monotonic() + timeout_s
    headers = {"User-Agent": f"photoreel/{__version__}"}
    timeout = httpx.Timeout(min(10.0, timeout_s), connect=min(5.0, timeout_s))
    transport = pinned_transport(allow_hosts)
    with httpx.Client(
        follow_redirects=False, timeout=timeout, headers=headers, trust_env=False, transport=transport
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, allow_hosts)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise UnsupportedMedia("the server redirected without a location", url)
                        url = urljoin(url, location)
                        continue
                    if response.status_code != 200:
                        raise UnsupportedMedia(f"the server answered HTTP {response.status_code}", url)
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise MediaTooLarge(f"the file is over the {max_bytes // 2**20} MB limit", url)
                    received = 0
                    with dest.open("wb") as out:
                        for chunk in response.iter_bytes():  # as it arrives, so a trickle meets the deadline
                            received += len(chunk)
                            if received > max_bytes:
                                raise MediaTooLarge(f"the file is over the {max_bytes // 2**20} MB limit", url)
                            if time.monotonic() > deadline:
                                raise UnsupportedMedia(f"the download took longer than {timeout_s:g} s", url)
                            out.write(chunk)
                    return url
            except httpx.TimeoutException as exc:
                raise UnsupportedMedia("the server did not answer in time", url) from exc
            except httpx.ConnectError as exc:
                if "private or reserved" in str(exc):  # the name changed its answer since it was checked
                    raise BadRequest(str(exc)) from exc
                raise UnsupportedMedia(f"the download failed ({type(exc).__name__})", url) from exc
            except httpx.HTTPError as exc:
                raise UnsupportedMedia(f"the download failed ({type(exc).__name__})", url) from exc
    raise BadRequest(f"more than {MAX_REDIRECTS} redirects")
