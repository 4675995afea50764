"""Celery beat, the portal's clock, outlives a PostgreSQL outage and goes on after it.

The test provisions a PostgreSQL cluster and a Redis server of its own (as `make run`
does, with scripts/local.sh), so that stopping that PostgreSQL stops nothing else."""

import glob
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR


def pg_ctl(data: Path, *arguments: str) -> None:
    bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    command = [f"{bindir}/pg_ctl", "--pgdata", str(data), *arguments]
    if os.geteuid() == 0:  # the cluster belongs to the postgres user, as local.sh makes it
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, cwd="/", check=True, capture_output=True, timeout=60)


@pytest.fixture
def own_services(tmp_path):
    """A clone's PostgreSQL and Redis, in a directory of the test's own."""
    clone = tmp_path / "clone"
    (clone / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "local.sh", clone / "scripts" / "local.sh")
    script = [str(clone / "scripts" / "local.sh")]
    # Not the servers of the test run itself, which DATABASE_URL and REDIS_URL name.
    own = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    subprocess.run([*script, "services"], check=True, capture_output=True, timeout=120, env=own)
    environment = subprocess.run(
        [*script, "env"], check=True, capture_output=True, text=True, env=own
    ).stdout
    urls = dict(line.removeprefix("export ").split("=", 1) for line in environment.splitlines())
    yield (
        {key: value.strip("'") for key, value in urls.items()},
        (clone / ".local" / "postgres").resolve() / "data",
    )
    subprocess.run([*script, "clean"], capture_output=True, timeout=120, env=own)


def manage(env: dict, *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def every_second(env: dict, name: str) -> None:
    manage(env, "shell", "-c", (
        "from django_celery_beat.models import IntervalSchedule, PeriodicTask;"
        "s, _ = IntervalSchedule.objects.get_or_create(every=1, period='seconds');"
        f"PeriodicTask.objects.create(name='{name}', task='confed.tasks.sweep_outbox', "
        "interval=s)"
    ))  # fmt: skip


def wait_for(condition, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}:\n{log.read_text()[-3000:]}")


def test_beat_outlives_a_postgresql_outage_and_reads_its_schedule_again(own_services, tmp_path):
    urls, data = own_services
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "confed.settings.test",
        "DATABASE_URL": urls["DATABASE_URL"],
        "REDIS_URL": urls["REDIS_URL"],
        "CELERY_BROKER_URL": urls["REDIS_URL"].replace("unix://", "redis+socket://", 1),
        "BEAT_FULL_READ_SECONDS": "1",  # django-celery-beat's own is five minutes
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    manage(env, "migrate", "--no-input")
    every_second(env, "before the outage")
    log = tmp_path / "beat.log"
    with log.open("w") as output:
        beat = subprocess.Popen(
            [sys.executable, "-m", "celery", "--app", "confed", "beat", "--loglevel", "INFO",
             "--max-interval", "1", "--schedule", str(tmp_path / "beat-schedule")],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_for(lambda: "before the outage" in log.read_text(), 30, "beat's first task", log)
        pg_ctl(data, "stop", "--mode", "fast", "--wait")
        wait_for(lambda: "could not read its schedule" in log.read_text(), 30, "the outage", log)
        time.sleep(3)
        assert beat.poll() is None, log.read_text()
        pg_ctl(data, "start", "--wait", "--log", str(data.parent / "server.log"))
        wait_for(lambda: "reads its schedule again" in log.read_text(), 30, "recovery", log)
        every_second(env, "after the outage")  # a change made once the database is back
        wait_for(
            lambda: "Sending due task after the outage" in log.read_text(),
            30,
            "the task added after the outage",
            log,
        )
        assert beat.poll() is None, log.read_text()
    finally:
        beat.terminate()
        beat.wait(timeout=30)
