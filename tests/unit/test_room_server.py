"""The web room display's server: the page, the view, the stream, and the token on any other address."""

from __future__ import annotations

import json

import pytest
from aiohttp.test_utils import TestClient, TestServer

from facilitator_tui.web.room_server import make_app, needs_token, page, waiting_data

VIEW = {"scene": "session", "heading": "Role-play <b>", "clock": "12:00", "caption": "left"}


@pytest.mark.parametrize(
    ("host", "token"),
    [("127.0.0.1", False), ("localhost", False), ("::1", False), ("127.0.0.2", True), ("0.0.0.0", True), ("192.168.1.20", True), ("room-pc", True)],
)
def test_only_this_machines_loopback_goes_without_a_token(host, token):
    assert needs_token(host) is token


async def client(token: str | None) -> TestClient:
    app = make_app(lambda: VIEW, token)
    test_client = TestClient(TestServer(app))
    await test_client.start_server()
    return test_client


async def test_the_page_the_view_and_the_stream():
    web = await client(None)
    try:
        response = await web.get("/")
        assert response.status == 200 and "Room display" in await response.text()
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"] == "no-store"
        assert await (await web.get("/view")).json() == VIEW
        stream = await web.get("/events")
        first = await stream.content.readline()
        assert json.loads(first.decode().removeprefix("data: ")) == VIEW
        stream.close()
    finally:
        await web.close()


@pytest.mark.parametrize("path", ["/", "/view", "/events"])
async def test_without_the_token_every_path_is_refused(path):
    web = await client("s3cret")
    try:
        assert (await web.get(path)).status == 403
        assert (await web.get(path, params={"token": "guess"})).status == 403
        if path != "/events":
            assert (await web.get(path, params={"token": "s3cret"})).status == 200
    finally:
        await web.close()


def test_the_page_sets_text_never_html_and_loads_nothing_from_elsewhere():
    html = page()
    assert "innerHTML" not in html and "insertAdjacentHTML" not in html and "document.write" not in html
    assert "textContent" in html
    assert "http://" not in html and "https://" not in html and "<link" not in html and " src=" not in html


def test_waiting_says_why():
    assert waiting_data("no recorded day")["lines"][0] == "no recorded day"
