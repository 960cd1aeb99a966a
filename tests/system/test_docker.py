"""What can be checked of the Docker setup without Docker: the compose file's services
start the site as it is configured there, and the image holds no local state.
(.ci/run runs `docker compose config` and builds the image where Docker is available.)"""

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.system.test_settings import start

PROJECT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((PROJECT / "docker-compose.yml").read_text())
SHOW = (
    "import json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'archive.settings'); "
    "from django.conf import settings; db = settings.DATABASES['default']; "
    "print(json.dumps([settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.ALLOWED_HOSTS, "
    "db['HOST'], db['NAME']]))"
)


def environment_of(service: str) -> dict[str, str]:
    """The service's environment as compose gives it when nothing is set: ${X:-default}."""
    values = COMPOSE["services"][service]["environment"]
    return {
        name: re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(value)) for name, value in values.items()
    }


def test_the_compose_services_build_the_image_and_wait_for_a_healthy_database():
    services = COMPOSE["services"]
    assert set(services) == {"db", "web", "worker"}
    assert services["db"]["healthcheck"]["test"]
    for name in ("web", "worker"):
        assert services[name]["build"] == "."
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
        assert environment_of(name)["DATABASE_URL"].startswith("postgres://archive:archive@db:")
    assert services["web"]["ports"] == ["8000:8000"]


@pytest.mark.parametrize("service", ["web", "worker"])
def test_each_service_starts_with_its_compose_settings(service, tmp_path):
    done = start(SHOW, **{**environment_of(service), "ARCHIVE_DATA_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    debug, ssl_redirect, _, host, name = json.loads(done.stdout)
    assert (debug, host, name) == (False, "db", "archive")
    if service == "web":
        # http://localhost:8000 as the README promises: no redirect to an https nobody serves
        assert ssl_redirect is False


def test_the_image_holds_no_local_state():
    ignored = (PROJECT / ".dockerignore").read_text().split()
    for local in (".git", ".venv", "var", ".env", "staticfiles"):
        assert local in ignored
    for line in (PROJECT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY ") and not line.startswith("COPY . "):
            for source in line.split()[1:-1]:
                assert (PROJECT / source).exists(), line
