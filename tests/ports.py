"""Loopback ports for the servers tests start (and for ones that must not answer)."""

import socket
import subprocess
import time

import pytest


def free_port() -> int:
    """A port on 127.0.0.1 nothing listens on at the moment of asking."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, what: str, seconds=30) -> None:
    """Return once ``process`` accepts connections on ``port``; fail the test if it exits
    or is not listening within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    process.kill()
    pytest.fail(f"{what} was not listening on port {port} within {seconds} seconds")
