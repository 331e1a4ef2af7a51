"""An Elasticsearch node of a test's own, from the distribution `make elasticsearch`
fetches, started and stopped by deploy/local/elasticsearch.sh on free loopback ports."""

import os
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "deploy" / "local" / "elasticsearch.sh"


def es_version() -> str:
    """The version the Makefile pins (ES_VERSION)."""
    makefile = (ROOT / "Makefile").read_text()
    return re.search(r"^ES_VERSION \?= (\S+)$", makefile, flags=re.MULTILINE).group(1)


def _free_pair() -> int:
    """A port free for HTTP whose transport port (100 above it) is free too."""
    while True:
        port = free_port()
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + 100))
            except OSError:
                continue
        return port


class OwnNode:
    """A single node with its config, data and logs in a directory of its own; ``stop()``
    and ``start()`` again keep its data."""

    def __init__(self):
        self.port = _free_pair()
        self.url = f"http://127.0.0.1:{self.port}"
        # Readable by the user the script runs the node as when run as root.
        self.dir = Path(tempfile.mkdtemp(prefix="thinktank-es-node-"))
        self.dir.chmod(0o755)

    def _script(self, action: str) -> None:
        env = {
            **os.environ,
            "ES_VERSION": es_version(),
            "ES_PORT": str(self.port),
            "ES_NODE_DIR": str(self.dir),
        }
        result = subprocess.run(  # noqa: S603 - the checkout's own script
            [SCRIPT, action], env=env, capture_output=True, text=True, timeout=300, check=False
        )
        if result.returncode:
            raise RuntimeError(f"elasticsearch.sh {action} failed: {result.stderr[-2000:]}")

    def start(self) -> None:
        self._script("start")

    def stop(self) -> None:
        self._script("stop")

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
