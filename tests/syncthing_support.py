"""Two real Syncthing instances on 127.0.0.1 sharing one folder, for tests/test_sync_real.py.

Each instance has its own home (keys, config, database) made by `syncthing generate`;
its config is then edited: the GUI and REST API on a random free port of 127.0.0.1 with
an API key, listening for the other device on another random port of 127.0.0.1 only,
global and local discovery, relays, NAT, usage and crash reports and upgrades all off,
the other device introduced by its id with an explicit address, and one shared folder
(no file-system watcher: the tests ask for each scan through the REST API, so nothing
happens by chance). Every wait is bounded by a deadline; `pair` stops both processes at
the end, even when a test fails.

Missing `syncthing` binary: skipped with a loud reason outside CI, a failure in CI.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from encryption_support import in_ci

FOLDER_ID = "ticli-journal"
T = TypeVar("T")


def syncthing_binary() -> str:
    found = shutil.which("syncthing")
    if found is None:
        reason = (
            "THE `syncthing` COMMAND IS NOT INSTALLED: the tests that sync a journal between "
            "two real devices (issue 12) did not run. Install it: apt-get install -y syncthing"
        )
        if in_ci():
            pytest.fail(reason + " (CI=true: this is a failure here)")
        pytest.skip(reason)
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(what: str, check: Callable[[], T | None], timeout: float, every: float = 0.1) -> T:
    """Poll `check` until it returns something other than None/False; fail after
    `timeout` seconds, saying what was awaited."""
    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    while True:
        try:
            value = check()
            if value:
                return value
        except (OSError, urllib.error.URLError, ValueError) as error:
            last = error
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {timeout:.0f} s waiting for {what} (last error: {last})")
        time.sleep(every)


@dataclass
class Syncthing:
    """One running instance: its home, the folder it shares, and its REST API."""

    name: str
    home: Path
    folder: Path
    binary: str
    api_port: int = field(default_factory=free_port)
    listen_port: int = field(default_factory=free_port)
    api_key: str = field(default_factory=lambda: os.urandom(16).hex())
    device_id: str = ""
    process: subprocess.Popen[bytes] | None = None

    def generate(self) -> None:
        done = subprocess.run(
            [self.binary, "generate", f"--home={self.home}", "--no-default-folder"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        line = next(x for x in (done.stdout + done.stderr).splitlines() if "Device ID:" in x)
        self.device_id = line.split("Device ID:")[1].strip()

    def configure(self, other: Syncthing, dial: bool = True) -> None:
        """Share the journal folder with `other`. Only one side of a pair should `dial`:
        when both dial at once, Syncthing's dialer (which dials from its listening port)
        can meet the other's in a TCP simultaneous open, a connection on which each side
        waits 20 s for the other's Hello (seen after pause/resume, and the cause of a CI
        failure). With local and global discovery off, "dynamic" never dials."""
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        gui = root.find("gui")
        assert gui is not None
        gui.set("tls", "false")
        _set(gui, "address", f"127.0.0.1:{self.api_port}")
        _set(gui, "apikey", self.api_key)
        options = root.find("options")
        assert options is not None
        for tag, value in {
            "listenAddress": f"tcp://127.0.0.1:{self.listen_port}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "startBrowser": "false",
            "urAccepted": "-1",
            "crashReportingEnabled": "false",
            "autoUpgradeIntervalH": "0",
            "reconnectionIntervalS": "1",
            "setLowPriority": "false",
        }.items():
            _set(options, tag, value)
        me = root.find("device")
        assert me is not None
        _set(me, "address", f"tcp://127.0.0.1:{self.listen_port}")
        peer = ET.SubElement(
            root, "device", id=other.device_id, name=other.name, compression="metadata"
        )
        address = f"tcp://127.0.0.1:{other.listen_port}" if dial else "dynamic"
        ET.SubElement(peer, "address").text = address
        ET.SubElement(peer, "paused").text = "false"
        ET.SubElement(peer, "autoAcceptFolders").text = "false"
        folder = ET.Element(
            "folder",
            id=FOLDER_ID,
            label="ticli",
            path=str(self.folder),
            type="sendreceive",
            rescanIntervalS="3600",
            fsWatcherEnabled="false",
            ignorePerms="false",
            autoNormalize="true",
        )
        ET.SubElement(folder, "filesystemType").text = "basic"
        for device in (self.device_id, other.device_id):
            ET.SubElement(folder, "device", id=device)
        ET.SubElement(folder, "maxConflicts").text = "10"
        root.insert(0, folder)
        tree.write(path)
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        (self.folder / ".stfolder").mkdir(exist_ok=True)

    def start(self) -> None:
        env = {
            **os.environ,
            "STNODEFAULTFOLDER": "1",
            "STNOUPGRADE": "1",
            "STNORESTART": "1",
            "HOME": str(self.home),
        }
        log = (self.home / "syncthing.log").open("wb")
        self.process = subprocess.Popen(
            [self.binary, "serve", f"--home={self.home}", "--no-browser", "--no-restart"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        log.close()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return (self.home / "syncthing.log").read_text(errors="replace")[-3000:]
        return ""

    # ------------------------------------------------------------ the REST API

    def request(self, method: str, path: str, **params: str) -> Any:
        if self.process is not None and self.process.poll() is not None:
            pytest.fail(f"syncthing {self.name} stopped by itself:\n{self.log_tail()}")
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        url = f"http://127.0.0.1:{self.api_port}{path}{query}"
        req = urllib.request.Request(url, method=method, headers={"X-API-Key": self.api_key})
        with urllib.request.urlopen(req, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body.strip() else None

    def get(self, path: str, **params: str) -> Any:
        return self.request("GET", path, **params)

    def post(self, path: str, **params: str) -> Any:
        return self.request("POST", path, **params)

    def ping(self) -> bool:
        return bool(self.get("/rest/system/ping") == {"ping": "pong"})

    def connected_to(self, other: Syncthing) -> bool:
        found = self.get("/rest/system/connections")["connections"].get(other.device_id, {})
        return bool(found.get("connected"))

    def scan(self) -> None:
        """Scan the shared folder now (the call returns once the scan is done)."""
        self.post("/rest/db/scan", folder=FOLDER_ID)

    def status(self) -> dict[str, Any]:
        return dict(self.get("/rest/db/status", folder=FOLDER_ID))

    def pause(self, other: Syncthing) -> None:
        self.post("/rest/system/pause", device=other.device_id)

    def resume(self, other: Syncthing) -> None:
        self.post("/rest/system/resume", device=other.device_id)


def _set(parent: ET.Element, tag: str, text: str) -> None:
    child = parent.find(tag)
    if child is None:
        child = ET.SubElement(parent, tag)
    child.text = text


@dataclass
class Pair:
    a: Syncthing
    b: Syncthing

    @property
    def both(self) -> tuple[Syncthing, Syncthing]:
        return self.a, self.b

    def wait_connected(self, timeout: float = 90) -> None:
        # Usually a second or two; once, in CI on a loaded machine, more than 30 s after
        # a pause and resume (the dialler's back-off between its attempts).
        wait_for(
            "the two Syncthing devices to connect",
            lambda: self.a.connected_to(self.b) and self.b.connected_to(self.a),
            timeout,
        )

    def wait_disconnected(self, timeout: float = 30) -> None:
        wait_for(
            "the two Syncthing devices to disconnect",
            lambda: not self.a.connected_to(self.b) and not self.b.connected_to(self.a),
            timeout,
        )

    def settle(self, done: Callable[[], bool] = lambda: True, timeout: float = 45) -> None:
        """Scan both sides, then wait until both are idle, need nothing, agree on the
        folder's global state, and `done()` holds; scans are asked again meanwhile."""

        def settled() -> bool:
            for side in self.both:
                side.scan()
            sa, sb = self.a.status(), self.b.status()
            quiet = all(
                s["state"] == "idle" and s["needTotalItems"] == 0 and s["pullErrors"] == 0
                for s in (sa, sb)
            )
            same = (sa["globalFiles"], sa["globalBytes"], sa["globalDeleted"]) == (
                sb["globalFiles"],
                sb["globalBytes"],
                sb["globalDeleted"],
            )
            local = sa["localBytes"] == sa["globalBytes"] and sb["localBytes"] == sb["globalBytes"]
            return quiet and same and local and done()

        wait_for("Syncthing to settle (both sides idle and in step)", settled, timeout, 0.3)


@contextlib.contextmanager
def pair(base: Path) -> Iterator[Pair]:
    """Two instances, configured for each other, started, connected; stopped at the end."""
    binary = syncthing_binary()
    a = Syncthing("laptop", base / "laptop-home", base / "laptop-journal", binary)
    b = Syncthing("desktop", base / "desktop-home", base / "desktop-journal", binary)
    try:
        for side in (a, b):
            side.generate()
        a.configure(b)
        b.configure(a, dial=False)  # the laptop dials; the desktop only listens
        for side in (a, b):
            side.start()
        for side in (a, b):
            wait_for(f"syncthing {side.name} to answer /rest/system/ping", side.ping, 30)
        result = Pair(a, b)
        result.wait_connected()
        yield result
    except BaseException:
        for side in (a, b):
            print(f"--- syncthing {side.name} log ---\n{side.log_tail()}")
        raise
    finally:
        for side in (a, b):
            side.stop()


def entry_files(root: Path) -> dict[str, bytes]:
    """Every entry file in the year/month folders (no hidden file), by relative name."""
    found = {}
    for path in root.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*"):
        if path.is_file() and not path.name.startswith("."):
            try:
                found[str(path.relative_to(root))] = path.read_bytes()
            except FileNotFoundError:
                continue  # renamed away by the sync engine this very moment
    return found


def ticli(  # type: ignore[no-untyped-def]
    runner: Any, root: Path, *args: str, input: str | None = None, env: dict[str, str] | None = None
):
    """Run a command in this process on the journal `root`, with its own cache folder."""
    from ticli.cli.app import app

    cache = root.parent / f"{root.name}-cache"
    environment = {"TICLI_HOME": str(root), "XDG_CACHE_HOME": str(cache), **(env or {})}
    return runner.invoke(app, list(args), env=environment, input=input, catch_exceptions=False)
