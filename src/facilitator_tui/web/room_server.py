"""`facilitator-tui display --web`: the room display as a web page, for a projector driven by a browser.

The page is one self-contained file (no script, font or style from the
internet). It opens a Server-Sent Events stream and redraws from each
`RoomView` the server pushes: the server follows the day's log twice a
second and pushes whenever what the room should see changes (the clock does,
every second). It serves only `core.room.room_view`, which holds nothing
private.

It binds to 127.0.0.1 unless told otherwise. On any other address every
request must carry the random token printed at start (`?token=…`), and is
answered 403 without it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hmac
import ipaddress
import json
import secrets
from collections.abc import Callable
from importlib import resources
from typing import Any

from aiohttp import web

from ..core.room import RoomView
from ..core.room_follower import FOLLOW_SECONDS

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

ViewSource = Callable[[], dict[str, Any]]
"""What the page shows now, as JSON-ready data (a room view, or why there is none yet)."""


def needs_token(host: str) -> bool:
    """True for any address but this machine's own loopback: others on the network must show the token."""
    if host in LOCAL_HOSTS:
        return False
    try:
        return not (ipaddress.ip_address(host).is_loopback and host in ("127.0.0.1", "::1"))
    except ValueError:
        return True


def view_data(view: RoomView) -> dict[str, Any]:
    """A room view as the page takes it."""
    data = dataclasses.asdict(view)
    data["scene"] = view.scene.value
    return data


def waiting_data(problem: str) -> dict[str, Any]:
    """What the page shows with no day to follow yet."""
    return {"scene": "waiting", "heading": "Waiting for the day", "lines": [problem, "This page keeps trying."]}


def page() -> str:
    """The page, as shipped in the package."""
    return resources.files(__package__).joinpath("room.html").read_text(encoding="utf-8")


def make_app(source: ViewSource, token: str | None) -> web.Application:
    """The web app: `/` the page, `/events` the stream of views, `/view` the view now."""

    @web.middleware
    async def check_token(request: web.Request, handler: Callable[[web.Request], Any]) -> web.StreamResponse:
        if token is not None and not hmac.compare_digest(request.query.get("token", ""), token):
            return web.Response(status=403, text="This room display needs the token it printed when it started.\n")
        response: web.StreamResponse = await handler(request)
        # Nothing here is for a cache or another site.
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
        return response

    async def index(request: web.Request) -> web.Response:
        return web.Response(text=page(), content_type="text/html", charset="utf-8")

    async def view(request: web.Request) -> web.Response:
        return web.json_response(source())

    async def events(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"})
        await response.prepare(request)
        last = ""
        while True:
            data = json.dumps(source(), ensure_ascii=False)
            if data != last:
                await response.write(f"data: {data}\n\n".encode())
                last = data
            await asyncio.sleep(FOLLOW_SECONDS)

    app = web.Application(middlewares=[check_token])
    app.router.add_get("/", index)
    app.router.add_get("/view", view)
    app.router.add_get("/events", events)
    return app


def new_token(host: str) -> str | None:
    """A random token for an address others can reach; None on this machine's loopback."""
    return secrets.token_urlsafe(18) if needs_token(host) else None
