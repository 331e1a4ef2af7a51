"""deploy/docker-compose.yml holds together: every service the site needs, each variable
the application requires, and the paths and names nginx.conf and the Makefile use."""

import re
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
APP_SERVICES = ("release", "app", "worker")
CLUSTER = ("es01", "es02", "es03")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def mounts(service: dict) -> dict[str, str]:
    """What a service mounts where: {path in the container: volume or host path}."""
    return {volume.split(":")[1]: volume.split(":")[0] for volume in service["volumes"]}


def default_of(value: str) -> str:
    """The value docker compose gives ``${NAME:-default}`` when NAME is not set."""
    match = re.fullmatch(r"\$\{[A-Z0-9_]+:-(.*)\}", value)
    assert match, value
    return match.group(1)


def environment(service: dict) -> dict[str, str]:
    """What a container of the app image sees: its env_file (the example stands in for
    the operator's copy), then its own environment."""
    assert service["env_file"] == "production.env"
    example = (DEPLOY / "production.env.example").read_text()
    variables = dict(re.findall(r"^([A-Z0-9_]+)=(.*)$", example, flags=re.MULTILINE))
    return {**variables, **service.get("environment", {})}


def test_every_service_is_there(compose):
    services = compose["services"]
    started_by_default = {name for name, service in services.items() if "profiles" not in service}
    assert started_by_default == {"db", "redis", "elasticsearch", *APP_SERVICES, "nginx"}
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
    assert default_of(env["ELASTICSEARCH_URL"]) == "http://elasticsearch:9200"
    assert env["ELASTICSEARCH_PASSWORD"] == "${ELASTIC_PASSWORD:?set ELASTIC_PASSWORD}"


def test_elasticsearch_has_security_on_and_the_version_the_suite_tests(compose):
    service = compose["services"]["elasticsearch"]
    assert service["environment"]["xpack.security.enabled"] == "true"
    makefile = (DEPLOY.parent / "Makefile").read_text()
    version = re.search(r"^ES_VERSION \?= (\S+)$", makefile, flags=re.MULTILINE).group(1)
    assert service["image"].endswith(f":{version}")


def test_nginx_gets_its_config_and_the_files_it_serves(compose):
    nginx = mounts(compose["services"]["nginx"])
    config = (DEPLOY / "nginx.conf").read_text()
    assert nginx["/etc/nginx/conf.d/default.conf"] == "./nginx.conf"
    for path in re.findall(r"alias (\S+)/;", config):
        assert path in nginx, path
    assert "media:/app/media" in compose["services"]["app"]["volumes"]
    assert "static:/srv/static" in compose["services"]["release"]["volumes"]
    assert "http://app:8000" in config


def test_the_cluster_profile_is_three_nodes_with_security_on(compose):
    services = compose["services"]
    in_profile = {n for n, service in services.items() if "cluster" in service.get("profiles", [])}
    assert in_profile == {"es-certs", *CLUSTER}
    assert services["es-certs"]["image"] == services["elasticsearch"]["image"]
    data_volumes = set()
    for name in CLUSTER:
        node = services[name]
        env = node["environment"]
        assert node["image"] == services["elasticsearch"]["image"]
        assert env["node.name"] == name
        assert env["cluster.name"] == "thinktank"
        assert env["cluster.initial_master_nodes"].split(",") == list(CLUSTER)
        assert set(env["discovery.seed_hosts"].split(",")) == set(CLUSTER) - {name}
        for setting in ("enabled", "http.ssl.enabled", "transport.ssl.enabled"):
            assert env[f"xpack.security.{setting}"] == "true", (name, setting)
        for layer in ("http", "transport"):
            assert env[f"xpack.security.{layer}.ssl.certificate"] == f"certs/{name}/{name}.crt"
            assert env[f"xpack.security.{layer}.ssl.key"] == f"certs/{name}/{name}.key"
        node_mounts = mounts(node)
        assert node_mounts["/usr/share/elasticsearch/config/certs"] == "es-certs"
        data_volumes.add(node_mounts["/usr/share/elasticsearch/data"])
        assert node["depends_on"]["es-certs"] == {"condition": "service_completed_successfully"}
    assert len(data_volumes) == 3  # a volume of its own for each node
    assert data_volumes <= set(compose["volumes"])


def test_the_app_can_use_the_cluster(compose):
    services = compose["services"]
    certs = mounts(services["es-certs"])
    assert certs["/usr/share/elasticsearch/config/certs"] == "es-certs"
    assert certs["/usr/share/elasticsearch/ca-for-app"] == "es-ca"
    for name in ("app", "worker"):
        service = services[name]
        assert mounts(service)["/app/es-ca"] == "es-ca"
        assert service["depends_on"]["es01"] == {"condition": "service_healthy", "required": False}
        env = service["environment"]
        assert env["ELASTICSEARCH_URL"].startswith("${ELASTICSEARCH_URL:-")
        assert env["ELASTICSEARCH_CA_CERTS"] == "${ELASTICSEARCH_CA_CERTS:-}"
    runbook = (DEPLOY / "README.md").read_text()
    assert "ELASTICSEARCH_URL=https://es01:9200" in runbook
    assert "ELASTICSEARCH_CA_CERTS=/app/es-ca/ca.crt" in runbook
    assert "--profile cluster up" in runbook


def test_the_backup_service_runs_the_scripts_on_the_stacks_database_and_media(compose):
    services = compose["services"]
    backup = services["backup"]
    assert backup["profiles"] == ["tools"]  # run on demand, never by `up`
    assert backup["image"] == services["db"]["image"]  # pg_dump of the server's version
    assert "@db:5432/thinktank" in backup["environment"]["DATABASE_URL"]
    backup_mounts = mounts(backup)
    assert backup_mounts[backup["environment"]["MEDIA_ROOT"]] == "media"
    for script in ("backup.sh", "restore.sh"):
        assert backup_mounts[f"/usr/local/bin/{script}"] == f"./{script}"
        assert (DEPLOY / script).stat().st_mode & 0o111, script
    assert backup["command"] == ["backup.sh", "/backups"]
    assert backup_mounts["/backups"] == "./backups"


def test_the_image_runs_unprivileged_with_a_health_check():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert dockerfile.count("FROM ") == 2  # build, then run
    assert re.search(r"^USER app$", dockerfile, flags=re.MULTILINE)
    assert "HEALTHCHECK" in dockerfile
    assert "/healthz" in dockerfile
    assert "--require-hashes -r requirements/lock-runtime.txt" in dockerfile
