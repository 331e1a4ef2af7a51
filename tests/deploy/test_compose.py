"""deploy/docker-compose.yml holds together: every service the site needs, each variable
the application requires, and the paths and names nginx.conf and the Makefile use."""

import re
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
APP_SERVICES = ("release", "app", "worker")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def environment(service: dict) -> dict[str, str]:
    """What a container of the app image sees: its env_file (the example stands in for
    the operator's copy), then its own environment."""
    assert service["env_file"] == "production.env"
    example = (DEPLOY / "production.env.example").read_text()
    variables = dict(re.findall(r"^([A-Z0-9_]+)=(.*)$", example, flags=re.MULTILINE))
    return {**variables, **service.get("environment", {})}


def test_every_service_is_there(compose):
    services = compose["services"]
    assert set(services) == {"db", "redis", "elasticsearch", *APP_SERVICES, "nginx"}
    assert services["worker"]["command"] == ["python", "manage.py", "worker"]
    assert "migrate --noinput" in " ".join(services["release"]["command"])
    for name in ("app", "worker"):
        assert services[name]["depends_on"]["release"] == {
            "condition": "service_completed_successfully"
        }


@pytest.mark.parametrize("name", APP_SERVICES)
def test_the_app_containers_have_what_production_requires(compose, name):
    env = environment(compose["services"][name])
    assert env["DJANGO_SETTINGS_MODULE"] == "cms.settings.production"
    for variable in ("SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"):
        assert env[variable], variable
    # The services they reach are the stack's own.
    assert "@db:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379/")
    assert env["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
    assert env["ELASTICSEARCH_PASSWORD"] == "${ELASTIC_PASSWORD:?set ELASTIC_PASSWORD}"


def test_elasticsearch_has_security_on_and_the_version_the_suite_tests(compose):
    service = compose["services"]["elasticsearch"]
    assert service["environment"]["xpack.security.enabled"] == "true"
    makefile = (DEPLOY.parent / "Makefile").read_text()
    version = re.search(r"^ES_VERSION \?= (\S+)$", makefile, flags=re.MULTILINE).group(1)
    assert service["image"].endswith(f":{version}")


def test_nginx_gets_its_config_and_the_files_it_serves(compose):
    nginx = compose["services"]["nginx"]
    config = (DEPLOY / "nginx.conf").read_text()
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in nginx["volumes"]}
    assert mounts["/etc/nginx/conf.d/default.conf"] == "./nginx.conf"
    for path in re.findall(r"alias (\S+)/;", config):
        assert path in mounts, path
    assert "media:/app/media" in compose["services"]["app"]["volumes"]
    assert "static:/srv/static" in compose["services"]["release"]["volumes"]
    assert "http://app:8000" in config


def test_the_image_runs_unprivileged_with_a_health_check():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert dockerfile.count("FROM ") == 2  # build, then run
    assert re.search(r"^USER app$", dockerfile, flags=re.MULTILINE)
    assert "HEALTHCHECK" in dockerfile
    assert "/healthz" in dockerfile
    assert "--require-hashes -r requirements/lock-runtime.txt" in dockerfile
