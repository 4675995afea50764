#!/usr/bin/env bash
# Provisions what `make run` and `make test` need, inside this clone only:
#   scripts/local.sh python    the .venv (uv installed into .local/uv when missing)
#   scripts/local.sh services  PostgreSQL and Redis under .local/, unless
#                              DATABASE_URL / REDIS_URL are set
#   scripts/local.sh gettext   msgfmt, to compile the translations
#   scripts/local.sh env       print the environment for the other commands
#   scripts/local.sh stop      stop this clone's PostgreSQL and Redis
# Both servers listen on unix sockets inside .local/, never on a TCP port, so two
# clones on one machine cannot collide.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
local_dir="$root/.local"
pg_dir="$local_dir/postgres"
pg_data="$pg_dir/data"
redis_dir="$local_dir/redis"
export UV_PYTHON_DOWNLOADS=never
export UV_PROJECT_ENVIRONMENT="$root/.venv"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
    # $@: Debian package names. Installs as root; otherwise names them and stops.
    if is_root && command -v apt-get >/dev/null; then
        say "installing $* with apt-get"
        if [ ! -f "$local_dir/.apt-updated" ]; then
            DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
            mkdir -p "$local_dir" && touch "$local_dir/.apt-updated"
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
    else
        die "missing system packages. Install them, then run make again:
    sudo apt-get install $*"
    fi
}

find_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return
        fi
    done
    die "Python 3.11 or newer is needed (python3 --version)."
}

uv_bin() {
    if command -v uv >/dev/null; then command -v uv; return; fi
    if [ ! -x "$local_dir/uv/bin/uv" ]; then
        local python; python="$(find_python)"
        say "installing uv into .local/uv"
        if ! "$python" -m venv "$local_dir/uv" >/dev/null 2>&1; then
            rm -rf "$local_dir/uv"
            apt_install python3-venv
            "$python" -m venv "$local_dir/uv"
        fi
        "$local_dir/uv/bin/pip" install --quiet --disable-pip-version-check uv >&2
    fi
    echo "$local_dir/uv/bin/uv"
}

cmd_python() {
    local uv python
    uv="$(uv_bin)"; python="$(find_python)"
    "$uv" sync --frozen --quiet --python "$python" >&2
}

pg_bindir() {
    local dir
    if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir; return
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    done
    command -v initdb >/dev/null && { dirname "$(readlink -f "$(command -v initdb)")"; return; }
    return 1
}

# PostgreSQL refuses to run as root; as root the cluster belongs to the postgres user.
as_pg_owner() {
    if is_root; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start_postgres() {
    local bindir
    bindir="$(pg_bindir)" || { apt_install postgresql postgresql-contrib; bindir="$(pg_bindir)"; }
    mkdir -p "$pg_dir"
    if is_root; then id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres; chown postgres "$pg_dir"; fi
    if [ ! -f "$pg_data/PG_VERSION" ]; then
        say "creating a PostgreSQL cluster in .local/postgres"
        as_pg_owner "$bindir/initdb" --pgdata="$pg_data" --username=confed --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        cat >>"$pg_data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$pg_dir'
unix_socket_permissions = 0700
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    fi
    if ! as_pg_owner "$bindir/pg_ctl" --pgdata="$pg_data" status >/dev/null 2>&1; then
        say "starting PostgreSQL"
        as_pg_owner "$bindir/pg_ctl" --pgdata="$pg_data" --log="$pg_dir/server.log" \
            --wait --timeout=60 start >/dev/null ||
            die "PostgreSQL did not start; see .local/postgres/server.log"
    fi
    if ! "$bindir/psql" -h "$pg_dir" -U confed -d postgres -tAc \
        "select 1 from pg_database where datname = 'confed'" | grep -q 1; then
        "$bindir/createdb" -h "$pg_dir" -U confed confed
    fi
}

start_redis() {
    command -v redis-server >/dev/null || apt_install redis-server
    mkdir -p "$redis_dir"
    if [ -S "$redis_dir/redis.sock" ] && redis_ping; then return; fi
    say "starting Redis"
    redis-server --port 0 --unixsocket "$redis_dir/redis.sock" --unixsocketperm 700 \
        --dir "$redis_dir" --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/server.log" \
        --daemonize yes --save "" --appendonly no >/dev/null
    for _ in $(seq 50); do redis_ping && return; sleep 0.1; done
    die "Redis did not start; see .local/redis/server.log"
}

redis_ping() {
    command -v redis-cli >/dev/null || return 1
    [ "$(redis-cli -s "$redis_dir/redis.sock" ping 2>/dev/null)" = PONG ]
}

cmd_env() {
    if [ -n "${DATABASE_URL:-}" ]; then
        echo "export DATABASE_URL='$DATABASE_URL'"
    else
        echo "export DATABASE_URL='postgres://confed@/confed?host=$pg_dir'"
    fi
    if [ -n "${REDIS_URL:-}" ]; then
        echo "export REDIS_URL='$REDIS_URL'"
    else
        echo "export REDIS_URL='unix://$redis_dir/redis.sock?db=0'"
    fi
}

cmd_services() {
    [ -n "${DATABASE_URL:-}" ] || start_postgres
    [ -n "${REDIS_URL:-}" ] || start_redis
}

cmd_stop() {
    local bindir
    if [ -f "$pg_data/postmaster.pid" ] && bindir="$(pg_bindir)"; then
        say "stopping PostgreSQL"
        as_pg_owner "$bindir/pg_ctl" --pgdata="$pg_data" --mode=fast --wait stop >/dev/null || true
    fi
    if [ -f "$redis_dir/redis.pid" ]; then
        say "stopping Redis"
        kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true
        rm -f "$redis_dir/redis.pid"
    fi
}

cmd_gettext() {
    command -v msgfmt >/dev/null || apt_install gettext
}

case "${1:-}" in
    python) cmd_python ;;
    gettext) cmd_gettext ;;
    services) cmd_services ;;
    env) cmd_env ;;
    stop) cmd_stop ;;
    *) die "usage: scripts/local.sh python|gettext|services|env|stop" ;;
esac
