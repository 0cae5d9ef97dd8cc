"""Real servers on loopback for the publishing tests, started and stopped by the tests:
OpenSSH's sshd with a throwaway key, nginx from Debian, and moto's S3 server.

A missing tool skips its tests on a developer's machine; under CI=true it is a failure
(``scripts/test`` installs them through apt when run as root).
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def need(tool: str) -> str:
    """The path of a system tool; a skip, or under CI a failure, when it is missing."""
    path = shutil.which(tool) or next((p for p in (f"/usr/sbin/{tool}",) if os.path.exists(p)),
                                      None)
    if path is None:
        message = f"{tool} is not installed (scripts/test installs it through apt as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen[bytes], seconds: float = 15) -> None:
    """Wait until something accepts on the loopback port (bounded)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise AssertionError(f"the server stopped at once: {err[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise AssertionError(f"nothing answered on 127.0.0.1:{port} within {seconds} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


@dataclass(frozen=True)
class Sshd:
    port: int
    user: str
    key: Path  # the client's private key

    def options(self) -> list[str]:
        return ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR"]


@contextlib.contextmanager
def sshd(tmp: Path) -> Iterator[Sshd]:
    """sshd on a free loopback port accepting one throwaway key for the current user."""
    daemon, keygen = need("sshd"), need("ssh-keygen")
    need("ssh")
    need("rsync")
    tmp.mkdir(parents=True, exist_ok=True)
    for name in ("host_key", "user_key"):
        subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(tmp / name)],
                       check=True, timeout=30)
    shutil.copy(tmp / "user_key.pub", tmp / "authorized_keys")
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation
    port = free_port()
    (tmp / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {tmp / 'host_key'}\n"
        f"AuthorizedKeysFile {tmp / 'authorized_keys'}\nPidFile {tmp / 'sshd.pid'}\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
        "StrictModes no\nPermitRootLogin prohibit-password\nLogLevel ERROR\n", "utf-8")
    proc = subprocess.Popen([daemon, "-D", "-e", "-f", str(tmp / "sshd_config")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_port(port, proc)
        yield Sshd(port, getpass.getuser(), tmp / "user_key")
    finally:
        stop(proc)


@contextlib.contextmanager
def nginx(root: Path, tmp: Path) -> Iterator[str]:
    """nginx serving ``root`` with its generated ``_server/nginx.conf``; yields the base URL."""
    binary = need("nginx")
    tmp.mkdir(parents=True, exist_ok=True)
    port = free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read the test's tmp folder
    temps = "".join(f"{k}_temp_path {tmp / k};\n" for k in
                    ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {tmp / 'nginx.pid'};\n"
        f"error_log {tmp / 'error.log'} warn;\nevents {{ worker_connections 64; }}\n"
        f"http {{\naccess_log off;\n{temps}"
        f"server {{\nlisten 127.0.0.1:{port};\nroot {root};\n"
        f"include {root / '_server' / 'nginx.conf'};\n}}\n}}\n", "utf-8")
    proc = subprocess.Popen([binary, "-e", str(tmp / "error.log"), "-p", str(tmp),
                             "-c", str(tmp / "nginx.conf")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_port(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


@contextlib.contextmanager
def s3_server() -> Iterator[str]:
    """An S3 API on loopback: moto in server mode, the one S3 server installable here."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("moto[server] is not installed (pip install -e '.[test]')")
        pytest.skip("moto[server] is not installed")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
