"""deploy/backup.sh and deploy/restore.sh against the local PostgreSQL (databases of their
own) and media folders: what is restored is what was backed up, into an empty database
and over one that changed since."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci import IN_CI

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432"
PAGES = "SELECT id, path, title, slug, url_path, live FROM wagtailcore_page ORDER BY path"


def psql(database: str, sql: str) -> str:
    return subprocess.run(  # noqa: S603
        ["psql", "-qAt", "-v", "ON_ERROR_STOP=1", f"{SERVER}/{database}", "-c", sql],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def postgres_answers() -> bool:
    ready = subprocess.run(["pg_isready", "-q", "-d", SERVER], check=False)  # noqa: S603, S607
    return ready.returncode == 0


def run(script: str, *args: str, database: str, media: Path) -> str:
    result = subprocess.run(  # noqa: S603 - this checkout's own scripts
        [str(ROOT / "deploy" / script), *args],
        env={**os.environ, "DATABASE_URL": f"{SERVER}/{database}", "MEDIA_ROOT": str(media)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def databases():
    """(source, target): the source migrated, with the demo content; the target empty."""
    missing = [p for p in ("pg_dump", "pg_restore", "psql", "pg_isready") if not shutil.which(p)]
    if not missing and not postgres_answers():
        missing.append(f"a PostgreSQL answering on {SERVER}")
    if missing:
        if IN_CI:
            pytest.fail(f"the backup test needs {', '.join(missing)} in CI (make services)")
        pytest.skip(f"the backup test needs {', '.join(missing)}")
    names = (f"thinktank_backup_{os.getpid()}", f"thinktank_restore_{os.getpid()}")
    for name in names:
        psql("postgres", f"CREATE DATABASE {name}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"{SERVER}/{names[0]}",
    }
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(  # noqa: S603 - this checkout's manage.py
            [sys.executable, str(ROOT / "manage.py"), *command],
            env=env,
            capture_output=True,
            check=True,
        )
    yield names
    for name in names:
        psql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def media_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_backup_restores_the_pages_and_the_media(databases, tmp_path):
    source, target = databases
    media = tmp_path / "media"
    for name, content in {
        "original_images/chart.png": b"\x89PNG\r\n\x1a\n chart",
        "images/chart.width-800.png": b"\x89PNG\r\n\x1a\n rendition",
        "documents/board-minutes.pdf": b"%PDF-1.4 minutes",
    }.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(content)
    pages = psql(source, PAGES)
    assert len(pages.splitlines()) > 5  # the demo's home, sections, articles and authors

    backup = Path(run("backup.sh", str(tmp_path / "backups"), database=source, media=media).strip())
    assert backup.parent == tmp_path / "backups"
    assert sorted(p.name for p in backup.iterdir()) == ["db.dump", "media.tar.gz"]

    restored_media = tmp_path / "restored-media"
    run("restore.sh", str(backup), database=target, media=restored_media)
    assert psql(target, PAGES) == pages
    assert media_files(restored_media) == media_files(media)

    # Over a database that changed since the backup: back to what the backup holds.
    psql(target, "UPDATE wagtailcore_page SET title = 'changed'")
    run("restore.sh", str(backup), database=target, media=restored_media)
    assert psql(target, PAGES) == pages


def test_restore_refuses_a_folder_without_a_dump(tmp_path):
    result = subprocess.run(  # noqa: S603
        [str(ROOT / "deploy" / "restore.sh"), str(tmp_path)],
        env={**os.environ, "DATABASE_URL": f"{SERVER}/nowhere"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "no db.dump" in result.stderr
