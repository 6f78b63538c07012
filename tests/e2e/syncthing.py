"""Real Syncthing instances for the end-to-end sync tests, on loopback only.

Each instance gets a temporary home, free ports on 127.0.0.1 for its GUI/REST API and its
listener, and global and local discovery, relays, NAT traversal, usage reports, crash reports
and upgrades turned off: the two find each other only by the address given to each. Needs the
Debian package `syncthing` (`sudo apt install syncthing`); without it the tests fail and say
so, never skip.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

APT_HINT = "install it: sudo apt install syncthing"


def require_syncthing() -> str:
    path = shutil.which("syncthing")
    if path is None:
        pytest.fail(f"syncthing not found on PATH: the sync end-to-end tests need it; {APT_HINT}")
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(
    what: str, check: Callable[[], bool], deadline_s: float, every_s: float = 0.25
) -> float:
    """Wait until `check()` is true; returns the seconds it took, fails the test after
    `deadline_s` naming `what`."""
    started = time.monotonic()
    while True:
        try:
            if check():
                return time.monotonic() - started
        except (OSError, ValueError, KeyError):
            pass  # not up yet
        if time.monotonic() - started > deadline_s:
            pytest.fail(f"gave up after {deadline_s:.0f} s waiting for {what}")
        time.sleep(every_s)


class Syncthing:
    def __init__(self, home: Path, name: str) -> None:
        self.program = require_syncthing()
        self.home = home
        self.name = name
        self.gui_port = free_port()
        self.listen_port = free_port()
        self.api_key = f"supple-test-{name}-{os.urandom(6).hex()}"
        self.log = home / "syncthing.log"
        self.proc: subprocess.Popen[bytes] | None = None
        home.mkdir(parents=True)
        made = subprocess.run(
            [
                self.program,
                "generate",
                f"--home={home}",
                "--no-default-folder",
                "--skip-port-probing",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=self._env(),
            check=True,
        )
        found = re.search(r"Device ID:\s*(\S+)", made.stdout + made.stderr)
        assert found, made.stdout + made.stderr
        self.device_id = found.group(1)
        self._configure()

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(STNOUPGRADE="1", STNODEFAULTFOLDER="1", STNORESTART="1", HOME=str(self.home))
        env.pop("STTRACE", None)
        return env

    def _configure(self) -> None:
        path = self.home / "config.xml"
        tree = ElementTree.parse(path)
        root = tree.getroot()
        gui = root.find("gui")
        assert gui is not None
        _set(gui, "address", f"127.0.0.1:{self.gui_port}")
        _set(gui, "apikey", self.api_key)
        options = root.find("options")
        assert options is not None
        for old in options.findall("listenAddress"):
            options.remove(old)
        _set(options, "listenAddress", f"tcp://127.0.0.1:{self.listen_port}")
        for flag in (
            "globalAnnounceEnabled",
            "localAnnounceEnabled",
            "relaysEnabled",
            "natEnabled",
            "startBrowser",
            "crashReportingEnabled",
        ):
            _set(options, flag, "false")
        _set(options, "urAccepted", "-1")
        _set(options, "autoUpgradeIntervalH", "0")
        tree.write(path)

    # ---- running ---------------------------------------------------------------------------

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [
                    self.program,
                    "serve",
                    f"--home={self.home}",
                    "--no-browser",
                    "--no-upgrade",
                    "--no-restart",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self._env(),
            )
        wait_for(f"{self.name}'s REST API", lambda: self.get("/rest/system/ping") is not None, 60)

    def stop(self) -> None:
        """Shut down cleanly through the API; kill only if it does not go."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.post("/rest/system/shutdown")
        except (OSError, ValueError):
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    # ---- the REST API ----------------------------------------------------------------------

    def _call(self, method: str, path: str, body: object = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            data=data,
            method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            raw = answer.read()
        return json.loads(raw) if raw.strip() else {}

    def get(self, path: str) -> Any:
        return self._call("GET", path)

    def post(self, path: str, body: object = None) -> Any:
        return self._call("POST", path, body if body is not None else None)

    def add_device(self, other: Syncthing) -> None:
        self.post(
            "/rest/config/devices",
            {
                "deviceID": other.device_id,
                "name": other.name,
                "addresses": [f"tcp://127.0.0.1:{other.listen_port}"],
            },
        )

    def add_folder(self, folder_id: str, path: Path, others: list[Syncthing]) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.post(
            "/rest/config/folders",
            {
                "id": folder_id,
                "label": folder_id,
                "path": str(path),
                "type": "sendreceive",
                "devices": [{"deviceID": d.device_id} for d in [self, *others]],
                "rescanIntervalS": 10,
                "fsWatcherEnabled": True,
                "fsWatcherDelayS": 1,
            },
        )

    def connected_to(self, other: Syncthing) -> bool:
        connections = self.get("/rest/system/connections")["connections"]
        return bool(connections.get(other.device_id, {}).get("connected"))

    def has_sent(self, folder_id: str, other: Syncthing) -> bool:
        """Whether `other` has everything of the folder that this instance knows of."""
        found = self.get(f"/rest/db/completion?folder={folder_id}&device={other.device_id}")
        return bool(found["completion"] == 100 and found.get("needItems", 0) == 0)

    def folder_idle(self, folder_id: str) -> bool:
        return bool(self.get(f"/rest/db/status?folder={folder_id}")["state"] == "idle")


def _set(parent: ElementTree.Element, tag: str, text: str) -> None:
    element = parent.find(tag)
    if element is None:
        element = ElementTree.SubElement(parent, tag)
    element.text = text
