"""The `cluster` profile's es-certs step, run as docker compose runs it (the command from
docker-compose.yml, in an Elasticsearch home laid out as the image's) with the
elasticsearch-certutil of the distribution `make elasticsearch` fetches: every file the
nodes' TLS settings name is made, each node's certificate is issued by the CA for the
node's name, the app gets the CA's certificate and no key, and a second run keeps them."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from cryptography import x509

from tests.ci import IN_CI
from tests.elasticsearch_node import es_version

ROOT = Path(__file__).resolve().parents[2]
NODES = ("es01", "es02", "es03")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def es_home(tmp_path_factory) -> Path:
    """/usr/share/elasticsearch as the es-certs container sees it: the distribution's
    programs, its empty config/certs and ca-for-app volumes."""
    dist = ROOT / ".cache" / "elasticsearch" / f"elasticsearch-{es_version()}"
    java = shutil.which("java")
    if not dist.is_dir() and java and shutil.which("mvn"):
        # A node this checkout did not start may answer: fetch the distribution alone.
        subprocess.run(  # noqa: S603 - the checkout's own script
            [ROOT / "deploy" / "local" / "elasticsearch.sh", "fetch"],
            env={**os.environ, "ES_VERSION": es_version()},
            check=False,
            capture_output=True,
        )
    missing = [
        what for what, there in (("make elasticsearch", dist.is_dir()), ("java", java)) if not there
    ]
    if os.geteuid() != 0:
        missing.append("root (the step runs as user 0)")
    if missing:
        if IN_CI:
            pytest.fail(f"the certificate step needs {', '.join(missing)} in CI")
        pytest.skip(f"the certificate step needs {', '.join(missing)}")
    home = tmp_path_factory.mktemp("es-home")
    # Copies of the scripts (they find their home from where they are), the libraries linked.
    shutil.copytree(dist / "bin", home / "bin")
    for libraries in ("lib", "modules"):
        (home / libraries).symlink_to(dist / libraries)
    (home / "config" / "certs").mkdir(parents=True)
    (home / "ca-for-app").mkdir()
    return home


def run_certs_step(compose: dict, home: Path) -> None:
    command = compose["services"]["es-certs"]["command"]
    assert command[:2] == ["bash", "-ec"]
    script = command[2].replace("$$", "$")  # compose's escape of a literal $
    java_home = Path(shutil.which("java")).resolve().parents[1]
    result = subprocess.run(  # noqa: S603 - the command of this checkout's compose file
        ["bash", "-ec", script],  # noqa: S607
        cwd=home,
        env={**os.environ, "ES_JAVA_HOME": str(java_home)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_the_step_makes_what_the_nodes_and_the_app_read(compose, es_home):
    run_certs_step(compose, es_home)
    certs = es_home / "config" / "certs"
    ca = x509.load_pem_x509_certificate((certs / "ca" / "ca.crt").read_bytes())
    for name in NODES:
        env = compose["services"][name]["environment"]
        for setting, path in env.items():
            if setting.startswith("xpack.security.") and setting.endswith(
                (".key", ".certificate", ".certificate_authorities")
            ):
                assert (es_home / "config" / path).is_file(), (name, setting, path)
        cert = x509.load_pem_x509_certificate((certs / name / f"{name}.crt").read_bytes())
        cert.verify_directly_issued_by(ca)
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert name in names.get_values_for_type(x509.DNSName)

    for key in certs.rglob("*.key"):
        assert not key.stat().st_mode & stat.S_IROTH, key
    for_app = es_home / "ca-for-app"
    assert [p.name for p in for_app.iterdir()] == ["ca.crt"]
    assert (for_app / "ca.crt").read_bytes() == (certs / "ca" / "ca.crt").read_bytes()
    assert (for_app / "ca.crt").stat().st_mode & stat.S_IROTH

    before = {p: p.read_bytes() for p in certs.rglob("*.crt")}
    run_certs_step(compose, es_home)
    assert {p: p.read_bytes() for p in certs.rglob("*.crt")} == before
