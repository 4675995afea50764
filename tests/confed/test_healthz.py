import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_redis(tmp_path: Path, settings):
    """A Redis server of this test's own, which the test may stop."""
    socket = tmp_path / "redis.sock"
    server = subprocess.Popen(
        [shutil.which("redis-server"), "--port", "0", "--unixsocket", str(socket),
         "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"unix://{socket}"
    for _ in range(100):
        try:
            if redis.Redis.from_url(url).ping():
                break
        except redis.ConnectionError:
            time.sleep(0.05)
    settings.REDIS_URL = url
    yield server
    server.kill()
    server.wait()


def test_healthz_reports_database_and_redis_reachable(client, own_redis):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_reports_a_stopped_redis(client, own_redis):
    own_redis.terminate()
    own_redis.wait()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "database": "ok",
        "redis": "unreachable",
    }
