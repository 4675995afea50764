"""`make run` and `make test` provision a clone's own PostgreSQL and Redis wherever the
clone lies: also in a directory nobody else may enter, such as root's home (0700)."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = settings.BASE_DIR / "scripts" / "local.sh"


def run(clone: Path, *arguments: str) -> str:
    result = subprocess.run(
        ["bash", str(clone / "scripts" / "local.sh"), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


@pytest.fixture
def private_clone(tmp_path):
    """A clone's scripts in a directory only its owner may enter."""
    home = tmp_path / "home"
    clone = home / "confed"
    (clone / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPT, clone / "scripts" / "local.sh")
    home.chmod(0o700)
    yield clone
    run(clone, "clean")


def test_a_clone_in_a_private_directory_gets_its_database_and_redis(private_clone):
    output = run(private_clone, "services")
    assert "Permission denied" not in output
    environment = run(private_clone, "env")
    database_url = environment.split("DATABASE_URL='")[1].split("'")[0]
    answer = subprocess.run(
        ["psql", database_url, "-tAc", "select 1"], capture_output=True, text=True, check=True
    )
    assert answer.stdout.strip() == "1"
    assert "stopping PostgreSQL" in run(private_clone, "stop")


def test_after_a_reboot_a_pid_file_naming_another_process_neither_blocks_nor_kills(
    private_clone,
):
    """A reboot leaves postmaster.pid and redis.pid behind, their PIDs reused."""
    run(private_clone, "services")
    run(private_clone, "stop")
    # The stranger is the cluster owner's, as a reused PID may be: it could be signalled.
    owner = "postgres" if os.geteuid() == 0 else None
    stranger = subprocess.Popen(["sleep", "300"], user=owner)
    try:
        data = (private_clone / ".local" / "postgres").resolve() / "data"
        (data / "postmaster.pid").write_text(f"{stranger.pid}\n{data}\n")
        (private_clone / ".local" / "redis" / "redis.pid").write_text(f"{stranger.pid}\n")
        run(private_clone, "services")
        environment = run(private_clone, "env")
        database_url = environment.split("DATABASE_URL='")[1].split("'")[0]
        answer = subprocess.run(
            ["psql", database_url, "-tAc", "select 1"], capture_output=True, text=True
        )
        assert answer.stdout.strip() == "1"
        run(private_clone, "stop")
        (data / "postmaster.pid").write_text(f"{stranger.pid}\n{data}\n")
        (private_clone / ".local" / "redis" / "redis.pid").write_text(f"{stranger.pid}\n")
        run(private_clone, "stop")
        assert stranger.poll() is None
    finally:
        stranger.kill()
        stranger.wait()


KEEP_RUNNING = settings.BASE_DIR / "scripts" / "keep-running"


def test_a_process_of_make_run_that_dies_is_started_again_and_says_so(tmp_path):
    """Honcho ends every process when one ends; make run's worker and beat are kept
    running instead, and their deaths are written in the log."""
    runs = tmp_path / "runs"
    process = subprocess.Popen(
        [str(KEEP_RUNNING), "beat", "sh", "-c", f"echo ran >> {runs}; exit 3"],
        env={"PATH": "/usr/bin:/bin", "KEEP_RUNNING_PAUSE": "0.2"},
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)
    process.terminate()
    _out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert runs.read_text().count("ran") >= 3
    assert "==> beat stopped (exit 3) at " in err


def test_a_stop_asked_for_stops_the_kept_process_for_good(tmp_path):
    process = subprocess.Popen(
        [str(KEEP_RUNNING), "worker", "sleep", "300"], env={"PATH": "/usr/bin:/bin"}
    )
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    assert subprocess.run(["pgrep", "-f", "sleep 300"], capture_output=True).returncode == 1
