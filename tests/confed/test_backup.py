"""make backup writes a dump of the database; make restore brings it back, whole, into a
fresh database."""

import subprocess
import uuid
from io import StringIO

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

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
def test_a_backup_of_the_demo_restores_every_row_into_a_fresh_database(
    secretariat_group, tmp_path
):
    call_command("load_demo", stdout=StringIO())
    source = database_url()
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "DATABASE_URL": source}
    backup = subprocess.run(
        ["bash", str(SCRIPT), "backup", str(tmp_path)],
        env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert backup.returncode == 0, backup.stderr
    dump = backup.stdout.strip().splitlines()[-1]
    assert dump.startswith(f"{tmp_path}/confed-")
    assert dump.endswith(".dump")

    fresh = f"confed_restore_{uuid.uuid4().hex[:8]}"
    restore = subprocess.run(
        ["bash", str(SCRIPT), "restore", dump, fresh],
        env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    try:
        assert restore.returncode == 0, restore.stderr
        restored_url = restore.stdout.split("DATABASE_URL='")[1].rstrip("'\n")
        counts = row_counts(source)
        assert counts["members_person"] > 100  # the demo, not an empty database
        assert row_counts(restored_url) == counts
        again = subprocess.run(
            ["bash", str(SCRIPT), "restore", dump, fresh],
            env=env, capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
        assert again.returncode != 0  # never over a database that exists
        assert "exist" in again.stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
