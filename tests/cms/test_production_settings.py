"""The production settings: they refuse to start half-configured, pass Django's deployment
checks, and deploy/production.env.example names every variable the settings read."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "production.env.example"


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "ELASTICSEARCH_URL"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env)
    return subprocess.run(  # noqa: S603 - this checkout's own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_deployment_checks_find_nothing(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "-Vq3mZ8pLr2Xc7Hs9Tn4Wb6Yd1Fg5Jk0",
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_required_variable(missing, tmp_path):
    env = {
        "SECRET_KEY": "a-long-random-secret-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    del env[missing]
    result = manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set in the environment" in result.stderr


def variables_read_by_the_settings() -> set[str]:
    source = "\n".join(p.read_text() for p in (ROOT / "cms" / "settings").glob("*.py"))
    return set(re.findall(r'env(?:\.get\(|_flag\(|\[)"([A-Z0-9_]+)"', source))


def test_the_example_environment_names_every_variable():
    listed = set(re.findall(r"^([A-Z0-9_]+)=", EXAMPLE.read_text(), flags=re.MULTILINE))
    read = variables_read_by_the_settings()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"} <= read
    assert read - listed == set()
