"""Checks that come before a request body is read: the write token and the upload's size.

FastAPI parses a multipart body (spooling its files to disk) before any dependency runs, so
a check in the route comes too late: 800 MB without a token were written to /tmp before the
401. `UploadGate` sits in front of the app: an upload without the right token, or declaring a
body over the limit, is answered before one byte of it is read, and a body that grows past
the limit is cut off there.
"""

from __future__ import annotations

import hmac
import json

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Room for the multipart framing and the form fields beside the file itself.
FORM_OVERHEAD = 64 * 1024


def token_refusal(token: str | None, authorization: str | None) -> HTTPException | None:
    """Why a write request is refused (403: writes disabled, 401: no or a wrong token), or None."""
    if not token:
        return HTTPException(403, "skrivningar är avstängda: ingen RAPPORTSOK_TOKEN är konfigurerad")
    header = authorization or ""
    # Compared as bytes: compare_digest refuses str with non-ASCII characters (a 500). The server
    # decodes header bytes as Latin-1, so encoding back gives the bytes the client sent, and a
    # configured token is matched as the UTF-8 a client sends for it.
    given = header.removeprefix("Bearer ").strip().encode("latin-1", errors="replace")
    if not header.startswith("Bearer ") or not hmac.compare_digest(given, token.encode()):
        return HTTPException(
            401, "en giltig token krävs (Authorization: Bearer …)", headers={"WWW-Authenticate": "Bearer"}
        )
    return None


def too_large(max_bytes: int) -> HTTPException:
    return HTTPException(413, f"filen är över gränsen på {max_bytes / 1e6:g} MB")


class UploadGate:
    """ASGI middleware: refuse `POST /documents` before reading its body when the token is wrong
    or the declared size is over the limit; stop reading a body at the limit."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_bytes: int, path: str = "/documents") -> None:
        self.app = app
        self.token = token
        self.max_bytes = max_bytes
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = token_refusal(self.token, headers.get("authorization"))
        limit = self.max_bytes + FORM_OVERHEAD
        declared = headers.get("content-length", "")
        if refusal is None and declared.isdigit() and int(declared) > limit:
            refusal = too_large(self.max_bytes)
        if refusal is not None:
            await _answer(send, refusal)
            return
        received = 0

        async def bounded() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # a body longer than it said, or chunked: cut off here
                    raise too_large(self.max_bytes)  # FastAPI answers an HTTPException as it is
            return message

        await self.app(scope, bounded, send)


async def _answer(send: Send, error: HTTPException) -> None:
    body = json.dumps({"detail": error.detail}, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in (error.headers or {}).items()]
    # The body was not read: the connection cannot be reused for another request.
    headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": error.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})
