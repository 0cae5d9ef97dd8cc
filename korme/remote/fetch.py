"""One careful HTTP(S) request for a partner's document.

Bounded in every way a remote server could abuse: connect and read timeouts and a total
deadline, a size cap on the decoded body (checked while reading, so a compressed bomb stops
early), a bounded number of redirects with loops detected. Nothing of ours is sent: no
credentials (an address with a user name or password is refused), no cookies (none are kept),
no proxy settings from the environment. Loopback and private addresses are allowed:
institutions serve IIIF on their own networks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin

import urllib3
from urllib3.exceptions import HTTPError, LocationParseError, NewConnectionError, TimeoutError
from urllib3.util import parse_url

from korme import __version__
from korme.l10n import Text, _

REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """How far a fetch may go: seconds, bytes and redirects."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 90.0
    max_bytes: int = 16 * 1024 * 1024
    max_redirects: int = 5


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Fetched:
    """A document as received: the address asked for, the one that answered, its bytes."""

    url: str
    final_url: str
    content_type: str
    body: bytes


class FetchError(Exception):
    """A document that could not be fetched; ``message`` is for curators (names the URL)."""

    def __init__(self, message: Text):
        super().__init__(str(message))
        self.message = message


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def check_url(url: str, asked: str | None = None) -> str:
    """The URL if it may be fetched (http or https, with a host, without credentials)."""
    shown = asked or url
    try:
        parts = parse_url(url)
    except LocationParseError:
        raise FetchError(_("{url}: not a web address", url=shown)) from None
    if parts.scheme not in ("http", "https") or not parts.host:
        if asked:
            raise FetchError(_("{url}: redirected to {target}, which is not an http or https "
                               "address", url=asked, target=url))
        raise FetchError(_("{url}: only http and https addresses can be fetched", url=url))
    if parts.auth:
        raise FetchError(_("{url}: an address with a user name or password is refused "
                           "(credentials are never sent)", url=shown))
    return url


def new_pool(limits: Limits) -> urllib3.PoolManager:
    """A connection pool for one build: no retries, no redirects followed on its own."""
    return urllib3.PoolManager(
        retries=False,
        timeout=urllib3.Timeout(connect=limits.connect_timeout, read=limits.read_timeout),
        headers={"User-Agent": f"Korme/{__version__} (static exhibition site generator)",
                 "Accept": "application/ld+json, application/json;q=0.9, */*;q=0.5",
                 "Accept-Encoding": "gzip, deflate"},
    )


def fetch(url: str, limits: Limits = DEFAULT_LIMITS, pool: urllib3.PoolManager | None = None
          ) -> Fetched:
    """GET ``url`` within ``limits``; raise :class:`FetchError` with a message for curators."""
    pool = pool or new_pool(limits)
    deadline = time.monotonic() + limits.total_timeout
    seen = [check_url(url)]
    current = url
    while True:
        try:
            response = pool.request("GET", current, redirect=False, preload_content=False,
                                    decode_content=True)
        except NewConnectionError as exc:  # (a subclass of the timeout error)
            raise FetchError(_("{url}: cannot connect ({reason})", url=url,
                               reason=_reason(exc))) from None
        except TimeoutError:
            raise FetchError(_("{url}: no answer within {seconds} seconds", url=url,
                               seconds=f"{limits.read_timeout:g}")) from None
        except (HTTPError, OSError) as exc:
            raise FetchError(_("{url}: cannot connect ({reason})", url=url,
                               reason=_reason(exc))) from None
        done = False
        try:
            if response.status in REDIRECTS and response.headers.get("Location"):
                target = check_url(urljoin(current, response.headers["Location"]), url)
                if target in seen:
                    raise FetchError(_("{url}: the redirects go round in a loop ({chain})",
                                       url=url, chain=" → ".join([*seen, target])))
                if len(seen) > limits.max_redirects:
                    raise FetchError(_("{url}: more than {count} redirects", url=url,
                                       count=limits.max_redirects))
                seen.append(target)
                current = target
                continue  # the redirect's own body is closed with its connection
            if response.status != 200:
                raise FetchError(_("{url}: the server answered {status} {reason}", url=url,
                                   status=response.status, reason=response.reason or ""))
            body = _read(response, url, limits, deadline)
            done = True
            return Fetched(url, current, response.headers.get("Content-Type", ""), body)
        finally:
            if not done:  # a body left unread: the connection cannot be used again
                response.close()
            response.release_conn()


def _read(response: urllib3.BaseHTTPResponse, url: str, limits: Limits, deadline: float
          ) -> bytes:
    """The decoded body, stopped as soon as it passes the size cap or the deadline."""
    too_big = FetchError(_("{url}: larger than {limit}, the limit for a remote document",
                           url=url, limit=_size(limits.max_bytes)))
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes and \
            not response.headers.get("Content-Encoding"):
        raise too_big
    parts: list[bytes] = []
    total = 0
    try:
        while True:
            chunk = response.read1(CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > limits.max_bytes:
                raise too_big
            if time.monotonic() > deadline:
                raise FetchError(_("{url}: not received within {seconds} seconds", url=url,
                                   seconds=f"{limits.total_timeout:g}"))
            parts.append(chunk)
    except TimeoutError:
        raise FetchError(_("{url}: no answer within {seconds} seconds", url=url,
                           seconds=f"{limits.read_timeout:g}")) from None
    except (HTTPError, OSError) as exc:
        raise FetchError(_("{url}: the transfer broke off ({reason})", url=url,
                           reason=_reason(exc))) from None
    return b"".join(parts)


def _reason(exc: BaseException) -> str:
    """A short reason from a network exception (the innermost one's words)."""
    inner: BaseException = exc
    while inner.__context__ is not None and inner.__context__ is not inner:
        inner = inner.__context__
    text = str(getattr(inner, "reason", None) or inner) or type(inner).__name__
    return text.split(": ", 1)[-1] if "Failed to establish" in text else text
