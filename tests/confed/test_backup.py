"""make backup writes a dump of the database and an archive of the uploaded files; make
restore brings both back, whole, into a fresh database and a fresh directory."""

import subprocess
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from documents.models import Version
from tests.conftest import database_url

SCRIPT = settings.BASE_DIR / "scripts" / "local.sh"


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as database:
        tables = [
            name
            for (name,) in database.execute(
                "select tablename from pg_tables where schemaname = 'public' order by 1"
            )
        ]
        return {
            table: database.execute(f'select count(*) from "{table}"').fetchone()[0]  # noqa: S608 (table names from the catalogue)
            for table in tables
        }


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_demo_restores_every_row_and_file_into_a_fresh_place(
    secretariat_group, tmp_path, demo_data
):
    demo_data.load()
    source = database_url()
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "DATABASE_URL": source,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    backup = subprocess.run(
        ["bash", str(SCRIPT), "backup", str(tmp_path)],
        env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert backup.returncode == 0, backup.stderr
    dump = backup.stdout.strip().splitlines()[-1]
    assert dump.startswith(f"{tmp_path}/confed-")
    assert dump.endswith(".dump")

    fresh = f"confed_restore_{uuid.uuid4().hex[:8]}"
    media = tmp_path / "restored-media"
    restore = subprocess.run(
        ["bash", str(SCRIPT), "restore", dump, fresh, str(media)],
        env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    try:
        assert restore.returncode == 0, restore.stderr
        restored_url = restore.stdout.split("DATABASE_URL='")[1].split("'")[0]
        counts = row_counts(source)
        assert counts["members_person"] > 100  # the demo, not an empty database
        assert row_counts(restored_url) == counts
        files = [version.file.name for version in Version.objects.all()]
        assert files  # the demo's documents
        for name in files:
            original = (settings.MEDIA_ROOT / name).read_bytes()
            assert (media / name).read_bytes() == original
        for database, directory, complaint in [
            (fresh, tmp_path / "elsewhere", "does it exist already"),
            (f"{fresh}_again", media, "exists already"),
        ]:
            again = subprocess.run(
                ["bash", str(SCRIPT), "restore", dump, database, str(directory)],
                env=env, capture_output=True, text=True, check=False, timeout=300,
            )  # fmt: skip
            assert again.returncode != 0  # never over a database or files that exist
            assert complaint in again.stderr
    finally:
        with connection.cursor() as cursor:
            for database in (fresh, f"{fresh}_again"):
                cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
