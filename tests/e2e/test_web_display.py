"""The room display in a browser: real Chromium (Debian's, driven by Playwright) on `display --web`.

The day runs in the real app in tmux; the web display runs as its own
process. The page shows the item and the time left, and follows a `next`
made in the run window within 2 seconds. On an address other than this
machine's 127.0.0.1 a request without the printed token is refused.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .tmux_driver import TmuxDriver, app_argv, clean_env
from .tools import free_port, need

pytestmark = pytest.mark.e2e

FIRST = "In at the deep end"
SECOND = "Break"


def start_server(data_dir: Path, host: str, port: int) -> tuple[subprocess.Popen[str], str]:
    """`display --web` as its own process; (the process, the address it printed)."""
    argv = [sys.executable, "-m", "facilitator_tui", "display", "partnership-dynamics", "--web", "--host", host, "--port", str(port)]
    proc = subprocess.Popen([*argv, "--data-dir", str(data_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env())
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"(http://\S+)", line)
    assert match, f"no address printed: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"
    address = match.group(1)
    deadline = time.monotonic() + 15
    while True:
        try:
            urllib.request.urlopen(address, timeout=2).close()
            return proc, address
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture
def server(data_dir: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    proc, address = start_server(data_dir, "127.0.0.1", free_port())
    yield proc, address
    proc.terminate()
    proc.wait(timeout=10)


def test_the_page_follows_the_run_window_in_chromium(tmux: TmuxDriver, data_dir: Path, server) -> None:
    from playwright.sync_api import expect, sync_playwright

    _, address = server
    assert "token" not in address, "this machine's own loopback needs no token"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=need("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(address)
        # (Locators, not page scripts: the page's Content-Security-Policy forbids evaluating strings.)
        expect(page.locator("#caption")).to_have_text("until we start", timeout=10_000)

        tmux.start("run", app_argv(data_dir))
        tmux.wait_for("run", "Up first:")
        tmux.start_real_day("run", f"Now: {FIRST}")
        expect(page.locator("#heading")).to_have_text(re.compile("^" + re.escape(FIRST)), timeout=5_000)
        assert re.fullmatch(r"\d:\d\d:\d\d|\d\d:\d\d", page.inner_text("#clock")), page.inner_text("#clock")
        assert page.inner_text("#caption") == "left"
        box = page.locator("#clock").bounding_box()
        assert box is not None and box["width"] > 1280 / 3 and box["height"] > 720 / 5, ("the clock is large", box)

        tmux.send_keys("run", "n")
        moved = time.monotonic()
        expect(page.locator("#heading")).to_have_text(SECOND, timeout=2_000)
        print(f"next shown in the browser after {time.monotonic() - moved:.2f} s")
        assert page.inner_text("#caption").startswith("back at")

        tmux.send_keys("run", "e")
        tmux.type("run", "PRIVATE-NOTE the chair looked lost")
        tmux.send_keys("run", "Escape")
        time.sleep(1.5)
        assert "PRIVATE-NOTE" not in page.content()
        browser.close()
    host = address.split("/")[2]
    assert all(url.split("/")[2] == host for url in requests), "the page loads nothing from anywhere else"


def test_another_address_needs_the_token(data_dir: Path) -> None:
    """127.0.0.2 is this machine too, but not the address the display defaults to: it must ask for the token."""
    port = free_port()
    proc, address = start_server(data_dir, "127.0.0.2", port)
    try:
        assert "?token=" in address
        bare = address.split("?")[0]
        for path in ("", "view", "events"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(bare + path, timeout=5)
            assert refused.value.code == 403
            with pytest.raises(urllib.error.HTTPError) as wrong:
                urllib.request.urlopen(f"{bare}{path}?token=guess", timeout=5)
            assert wrong.value.code == 403
        with urllib.request.urlopen(address, timeout=5) as page:
            assert page.status == 200 and "Room display" in page.read().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on `port`, from /proc/net/tcp and tcp6 (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as handle:
            next(handle)
            for line in handle:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    raw = bytes.fromhex(address)
                    if len(raw) == 4:
                        found.add(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                    else:
                        words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                        found.add(socket.inet_ntop(socket.AF_INET6, words))
    return found


def test_the_default_is_this_machine_only(data_dir: Path, server) -> None:
    _, address = server
    port = int(address.split(":")[2].split("/")[0])
    assert listening_addresses(port) == {"127.0.0.1"}
