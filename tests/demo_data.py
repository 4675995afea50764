"""The demo's rows, loaded once a run and copied back in for each test that asks.

`manage.py load_demo` takes some ten seconds; twenty tests load it (the browser
tests, the French reading, the backup). The first that asks loads it into the test
database as a committed load leaves it, copies every table out (COPY, in memory), and
puts the database back as the migrations left it; each test then copies the demo in
(about a second). Django's fixtures would do the same through the ORM, table by
table in the order of their keys, with the models' own rules: slower, and refused by
the triggers that keep a closed poll's ballots.

Copying in empties every table first and puts the load's rows back as they were, keys
and all: a test asks for the demo before any fixture that writes rows (the
secretariat's account, say), and those come after it. It skips the triggers and the
foreign keys' checks (the rows are the load's, consistent already), which PostgreSQL
allows a superuser: the clone's own database is one. With a database where the role
is not, each test loads the demo itself."""

from dataclasses import dataclass, field
from io import StringIO

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction


@dataclass
class Rows:
    tables: dict[str, bytes] = field(default_factory=dict)
    sequences: list[tuple[str, int]] = field(default_factory=list)


def _copy_out() -> Rows:
    rows = Rows()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            with cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                rows.tables[table] = b"".join(bytes(chunk) for chunk in copy)
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value "
            "FROM pg_sequences WHERE last_value IS NOT NULL"
        )
        rows.sequences = cursor.fetchall()
    return rows


def _copy_in(rows: Rows) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # The checks the test's own writes left deferred run now: a table is emptied
        # only with none pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL session_replication_role = replica")
        names = ", ".join(f'"{table}"' for table in rows.tables)
        cursor.execute(f"TRUNCATE {names} RESTART IDENTITY")
        for table, data in rows.tables.items():
            if data:
                with cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                    copy.write(data)
        for sequence, value in rows.sequences:
            cursor.execute("SELECT setval(%s, %s)", [sequence, value])
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    ContentType.objects.clear_cache()  # their keys are the load's


def _is_superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return bool(cursor.fetchone()[0])


class DemoData:
    """The demo, loaded once and kept as rows; `load` puts it into the test database."""

    def __init__(self) -> None:
        self.rows: Rows | None = None
        if _is_superuser():
            # Outside any test's transaction: committed, its emails sent, as a load is.
            before = _copy_out()
            try:
                call_command("load_demo", stdout=StringIO())
                self.rows = _copy_out()
            finally:
                _copy_in(before)

    def load(self) -> None:
        if self.rows is None:
            call_command("load_demo", stdout=StringIO())
        else:
            _copy_in(self.rows)
