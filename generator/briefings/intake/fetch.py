"""Fetching a URL for `briefings add`: http and https only, a clear user agent, a timeout, a size limit,
redirects followed (a few, and never to another scheme). Every failure is a FetchFailed saying why."""

from __future__ import annotations

import datetime as dt
import email.message
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefings import __version__
from briefings.intake.draft import IntakeFailed

USER_AGENT = f"briefings/{__version__} (article intake for a briefing site)"
CHUNK = 64 * 1024


class FetchFailed(IntakeFailed):
    """A URL that could not be fetched; str(e) says why."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How far a fetch may go."""

    timeout: float = 20.0  # seconds, for connecting, for each read, and for the whole body
    max_bytes: int = 20 * 1024 * 1024  # a PDF report is rarely past a few megabytes
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a URL answered: the address after redirects, the media type and charset, the bytes, and when."""

    url: str
    final_url: str
    media_type: str  # "text/html", lowercase, without parameters; "" if the server gave none
    charset: str
    body: bytes
    retrieved: dt.datetime


def check_scheme(url: str) -> None:
    """Raise FetchFailed unless the URL is http or https with a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchFailed("only http:// and https:// addresses are fetched")


class Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most `limit` redirects, only to http and https."""

    def __init__(self, limit: int) -> None:
        self.limit = limit  # below the base class's own max_redirections (10), which stays as a backstop

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchFailed(f"redirected to {newurl}; only http:// and https:// addresses are fetched")
        visited = getattr(req, "redirect_dict", {})
        if len(visited) >= self.limit or visited.get(newurl, 0) >= 1:
            raise FetchFailed(f"more than {self.limit} redirects, or a redirect loop")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def media_of(headers: email.message.Message) -> tuple[str, str]:
    """Return the media type (lowercase, without parameters) and charset of a response."""
    return headers.get_content_type() if headers.get("Content-Type") else "", headers.get_content_charset() or ""


def fetch(url: str, limits: Limits = Limits(), clock: Callable[[], dt.datetime] | None = None) -> Fetched:
    """Return what the URL answers, or raise FetchFailed saying why not."""
    check_scheme(url)
    opener = urllib.request.build_opener(Redirects(limits.max_redirects))
    request = urllib.request.Request(
        url, headers={"User-Agent": limits.user_agent, "Accept": "text/html,application/xhtml+xml,application/pdf,*/*"}
    )
    started = time.monotonic()
    try:
        with opener.open(request, timeout=limits.timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limits.max_bytes:
                raise FetchFailed(f"is {int(length):,} bytes; at most {limits.max_bytes:,} are fetched")
            chunks, size = [], 0
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > limits.max_bytes:
                    raise FetchFailed(
                        f"is more than {limits.max_bytes:,} bytes; at most {limits.max_bytes:,} are fetched"
                    )
                if time.monotonic() - started > limits.timeout:
                    raise FetchFailed(f"took more than {limits.timeout:g} s")
                chunks.append(chunk)
            media, charset = media_of(response.headers)
            final = response.geturl()
    except FetchFailed:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchFailed(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchFailed(reason_of(exc.reason, limits)) from None
    except TimeoutError:
        raise FetchFailed(f"no answer within {limits.timeout:g} s") from None
    except (http.client.HTTPException, ConnectionError, OSError) as exc:
        raise FetchFailed(reason_of(exc, limits)) from None
    now = clock() if clock else dt.datetime.now(dt.UTC).replace(microsecond=0)
    return Fetched(url, final, media, charset, b"".join(chunks), now)


def reason_of(error: object, limits: Limits) -> str:
    """Return why a connection failed, in words."""
    if isinstance(error, FetchFailed):
        return str(error)
    if isinstance(error, TimeoutError):
        return f"no answer within {limits.timeout:g} s"
    if isinstance(error, socket.gaierror):
        return "the host was not found"
    if isinstance(error, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed: {error.reason or error}"
    if isinstance(error, http.client.HTTPException):
        return f"the server's answer was broken ({type(error).__name__})"
    text = getattr(error, "strerror", None) or str(error)
    return f"cannot connect: {text}"
