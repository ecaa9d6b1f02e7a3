"""Two Syncthing instances on this machine, sharing a folder between two "laptops".

Each instance listens on 127.0.0.1 only, with global and local discovery,
relays, NAT traversal, usage reports, crash reports and upgrades all off:
the test opens no connection beyond this machine. Each shares one folder
(its laptop's `days/`) with the other, watched for changes with a 1-second
delay.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .tools import free_port, need

FOLDER_ID = "facilitator-tui-days"


@dataclass
class Instance:
    """One Syncthing: its home, ports, device id and the folder it shares."""

    name: str
    home: Path
    folder: Path
    port: int = field(default_factory=free_port)
    gui_port: int = field(default_factory=free_port)
    api_key: str = field(default_factory=lambda: secrets.token_hex(16))
    device_id: str = ""
    process: subprocess.Popen[bytes] | None = None

    def generate(self, env: dict[str, str]) -> None:
        """Keys and a device id of its own."""
        binary = need("syncthing")
        subprocess.run(
            [binary, "generate", f"--home={self.home}", "--no-default-folder", "--skip-port-probing"],
            check=True, capture_output=True, env=env, timeout=60,
        )  # fmt: skip
        out = subprocess.run([binary, "serve", f"--home={self.home}", "--device-id"], check=True, capture_output=True, text=True, env=env)
        self.device_id = out.stdout.strip()

    def configure(self, other: Instance) -> None:
        """A config sharing `folder` with `other`, reachable on 127.0.0.1 only."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / ".stfolder").mkdir(exist_ok=True)
        (self.home / "config.xml").write_text(
            f"""<configuration version="36">
    <folder id="{FOLDER_ID}" label="days" path="{self.folder}" type="sendreceive" rescanIntervalS="5"
            fsWatcherEnabled="true" fsWatcherDelayS="1">
        <device id="{self.device_id}"></device>
        <device id="{other.device_id}"></device>
    </folder>
    <device id="{self.device_id}" name="{self.name}"><address>dynamic</address></device>
    <device id="{other.device_id}" name="{other.name}"><address>tcp://127.0.0.1:{other.port}</address></device>
    <gui enabled="true" tls="false"><address>127.0.0.1:{self.gui_port}</address><apikey>{self.api_key}</apikey></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{self.port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <startBrowser>false</startBrowser>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <reconnectionIntervalS>1</reconnectionIntervalS>
        <stunServer></stunServer>
    </options>
</configuration>
""",
            encoding="utf-8",
        )

    def start(self, env: dict[str, str], log: Path) -> None:
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [need("syncthing"), "serve", f"--home={self.home}", "--no-browser", "--no-restart"],
                stdout=out, stderr=subprocess.STDOUT, env=env,
            )  # fmt: skip

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def pair(root: Path, folder_a: Path, folder_b: Path) -> tuple[Instance, Instance]:
    """Two instances sharing `folder_a` and `folder_b`, started; stop them with `stop`."""
    env = {**os.environ, "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1", "HOME": str(root)}
    a = Instance("laptop-a", root / "st-a", folder_a)
    b = Instance("laptop-b", root / "st-b", folder_b)
    for instance in (a, b):
        instance.generate(env)
    a.configure(b)
    b.configure(a)
    for instance in (a, b):
        instance.start(env, root / f"{instance.name}-syncthing.log")
    return a, b


def wait_for_path(path: Path, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not arrive in {timeout:g} s: {path}")
        time.sleep(0.2)
