#!/usr/bin/env bash
# Provisions what `make run` and `make test` need, for this clone only:
#   scripts/local.sh system [command...]
#                              the Debian packages: PostgreSQL and Redis servers (unless
#                              DATABASE_URL / REDIS_URL are set), gettext, chromium
#                              for the browser tests, Pango for WeasyPrint, python3-venv
#                              when needed; installed with apt-get as root, otherwise
#                              named in one message
#   scripts/local.sh python    the .venv from uv.lock (uv installed into .local/uv
#                              when it is not on the PATH)
#   scripts/local.sh services  this clone's PostgreSQL and Redis
#   scripts/local.sh env       print the environment for the other commands
#   scripts/local.sh backup [dir]             a dated dump of DATABASE_URL's database
#   scripts/local.sh restore FILE [database]  a dump restored into a fresh database
#   scripts/local.sh stop      stop this clone's PostgreSQL and Redis
#
# Both servers keep their data under .local/ and listen only on unix sockets, in a
# short directory named after this clone's path (a socket path may not exceed 107
# bytes), so two clones on one machine never collide and no TCP port is taken.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
local_dir="$root/.local"
clone_id="$(printf '%s' "$root" | cksum | cut -d' ' -f1)"
socket_dir="${XDG_RUNTIME_DIR:-/tmp}/confed-$clone_id"
pg_dir="$local_dir/postgres"
redis_dir="$local_dir/redis"
export UV_PYTHON_DOWNLOADS=never
export UV_PROJECT_ENVIRONMENT="$root/.venv"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

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

cmd_system() {
    # Everything missing is named at once: one install, not one round per package.
    local missing=()
    if ! command -v uv >/dev/null && [ ! -x "$local_dir/uv/bin/uv" ] &&
        ! "$(find_python)" -c 'import ensurepip, venv' 2>/dev/null; then
        missing+=(python3-venv)
    fi
    [ -n "${DATABASE_URL:-}" ] || pg_bindir >/dev/null || missing+=(postgresql)
    [ -n "${REDIS_URL:-}" ] || command -v redis-server >/dev/null || missing+=(redis-server)
    command -v msgfmt >/dev/null || missing+=(gettext)
    # The browser tests drive Debian's Chromium (Playwright cannot download one here).
    [ -n "${CHROMIUM:-}" ] || command -v chromium >/dev/null || missing+=(chromium)
    # WeasyPrint draws PDFs (the demo's documents) with Debian's Pango.
    { ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' ||
        missing+=(libpango-1.0-0 libpangoft2-1.0-0)
    # ... and a font to draw the invoices' text with (their tests read it back).
    [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
    # Commands one target needs besides (make bench: wrk), each from the package of its name.
    local extra
    for extra in "$@"; do command -v "$extra" >/dev/null || missing+=("$extra"); done
    [ ${#missing[@]} -eq 0 ] && return
    if is_root && command -v apt-get >/dev/null; then
        say "installing ${missing[*]} with apt-get"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >&2
    else
        die "these system packages are missing. Install them, then run make again:
    sudo apt-get install ${missing[*]}"
    fi
}

uv_bin() {
    if command -v uv >/dev/null; then command -v uv; return; fi
    if [ ! -x "$local_dir/uv/bin/uv" ]; then
        say "installing uv into .local/uv"
        "$(find_python)" -m venv "$local_dir/uv"
        "$local_dir/uv/bin/pip" install --quiet --disable-pip-version-check uv >&2
    fi
    echo "$local_dir/uv/bin/uv"
}

cmd_python() {
    "$(uv_bin)" sync --frozen --quiet --python "$(find_python)" >&2
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
as_pg_owner() {
    # From /, which the postgres user may enter where it may not enter the clone.
    if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

prepare_pg_dirs() {
    mkdir -p "$local_dir" "$socket_dir"
    if ! is_root; then
        mkdir -p "$pg_dir"
        return
    fi
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$socket_dir"
    # A clone under a private directory (/root is 0700) is out of the postgres user's
    # reach: then the cluster lives in /var/lib/confed, and .local/postgres points to it.
    if [ ! -e "$pg_dir" ] && ! runuser -u postgres -- test -x "$local_dir"; then
        mkdir -p "/var/lib/confed/$clone_id"
        ln -s "/var/lib/confed/$clone_id" "$pg_dir"
    fi
    mkdir -p "$pg_dir/"
    chown postgres "$(readlink -f "$pg_dir")"
}

# The cluster's real directory. The postgres user is given this path, never one through
# the clone, which it may be unable to enter (a clone in /root).
pg_real_dir() {
    readlink -f "$pg_dir"
}

# After a reboot the cluster's postmaster.pid survives while its socket (in /tmp or the
# runtime dir) does not, and its PID may now be another process's: pg_ctl would then
# call the server running and not start it, or signal a stranger to stop it. A server
# of ours always has its socket, so a PID file without one is forgotten.
forget_stale_postmaster() {
    local data="$1"
    if [ -f "$data/postmaster.pid" ] && [ ! -S "$socket_dir/.s.PGSQL.5432" ]; then
        rm -f "$data/postmaster.pid"
    fi
}

start_postgres() {
    local bindir data
    bindir="$(pg_bindir)"
    prepare_pg_dirs
    data="$(pg_real_dir)/data"
    if [ ! -f "$data/PG_VERSION" ]; then
        say "creating a PostgreSQL cluster in .local/postgres"
        as_pg_owner "$bindir/initdb" --pgdata="$data" --username=confed --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        cat >>"$data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$socket_dir'
unix_socket_permissions = 0700
# A disposable development and test database: speed over crash safety.
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    fi
    forget_stale_postmaster "$data"
    if ! as_pg_owner "$bindir/pg_ctl" --pgdata="$data" status >/dev/null 2>&1; then
        say "starting PostgreSQL"
        as_pg_owner "$bindir/pg_ctl" --pgdata="$data" --log="$(pg_real_dir)/server.log" \
            --wait --timeout=60 start >/dev/null ||
            die "PostgreSQL did not start; see .local/postgres/server.log"
    fi
    if ! "$bindir/psql" -h "$socket_dir" -U confed -d postgres -tAc \
        "select 1 from pg_database where datname = 'confed'" | grep -q 1; then
        "$bindir/createdb" -h "$socket_dir" -U confed confed
    fi
}

redis_ping() {
    [ "$(redis-cli -s "$socket_dir/redis.sock" ping 2>/dev/null)" = PONG ]
}

start_redis() {
    mkdir -p "$redis_dir" "$socket_dir"
    redis_ping && return
    say "starting Redis"
    redis-server --port 0 --unixsocket "$socket_dir/redis.sock" --unixsocketperm 700 \
        --dir "$redis_dir" --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/server.log" \
        --daemonize yes --save "" --appendonly no \
        --maxmemory 256mb --maxmemory-policy volatile-lru >/dev/null
    for _ in $(seq 50); do redis_ping && return; sleep 0.1; done
    die "Redis did not start; see .local/redis/server.log"
}

cmd_env() {
    echo "export DATABASE_URL='${DATABASE_URL:-postgres://confed@/confed?host=$socket_dir}'"
    echo "export REDIS_URL='${REDIS_URL:-unix://$socket_dir/redis.sock?db=0}'"
    echo "export MEDIA_ROOT='${MEDIA_ROOT:-$local_dir/media}'"
}

cmd_services() {
    [ -n "${DATABASE_URL:-}" ] || start_postgres
    [ -n "${REDIS_URL:-}" ] || start_redis
}

cmd_stop() {
    local bindir
    [ -d "$pg_dir/data" ] && forget_stale_postmaster "$(pg_real_dir)/data"
    if [ -f "$pg_dir/data/postmaster.pid" ] && bindir="$(pg_bindir)"; then
        say "stopping PostgreSQL"
        as_pg_owner "$bindir/pg_ctl" --pgdata="$(pg_real_dir)/data" --mode=fast --wait stop \
            >/dev/null || true
    fi
    # Redis is told to stop on this clone's socket rather than by its PID file, which a
    # reboot may leave naming another process (see forget_stale_postmaster).
    if redis_ping; then
        say "stopping Redis"
        redis-cli -s "$socket_dir/redis.sock" shutdown nosave >/dev/null 2>&1 || true
        for _ in $(seq 50); do redis_ping || break; sleep 0.1; done
    fi
    rm -f "$redis_dir/redis.pid"
}

# A dump of the database named by DATABASE_URL (this clone's, or a server's) into
# backups/ (or the directory given), with the date and time in its name; and the
# uploaded files beside it once the portal keeps any (MEDIA_ROOT).
cmd_backup() {
    local bindir target stamp
    bindir="$(pg_bindir)" || die "PostgreSQL's client programs are missing (pg_dump)."
    target="${1:-$root/backups}"
    stamp="$(date +%Y%m%d-%H%M%S)"
    mkdir -p "$target"
    "$bindir/pg_dump" --format=custom --no-owner --file="$target/confed-$stamp.dump" \
        --dbname="$DATABASE_URL"
    if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
        tar -C "$MEDIA_ROOT" -czf "$target/confed-$stamp-files.tar.gz" .
    fi
    echo "$target/confed-$stamp.dump"
}

# The dump FILE restored into a fresh database (DATABASE, by default confed_restored)
# of the server DATABASE_URL names, which must not exist yet, and the uploaded files
# of the same backup into a fresh directory: nothing is overwritten.
cmd_restore() {
    local bindir file database base query server files media
    file="${1:-}"
    [ -f "$file" ] || die "usage: make restore FILE=backups/confed-....dump [DATABASE=name]"
    database="${2:-confed_restored}"
    bindir="$(pg_bindir)" || die "PostgreSQL's client programs are missing (pg_restore)."
    base="${DATABASE_URL%%\?*}"
    query="${DATABASE_URL#"$base"}"
    server="${base%/*}"
    files="${file%.dump}-files.tar.gz"
    media="${3:-$local_dir/media-$database}"
    if [ -f "$files" ] && [ -e "$media" ]; then
        die "$media exists already: the files are not restored over it"
    fi
    "$bindir/createdb" --maintenance-db="$DATABASE_URL" "$database" ||
        die "could not create the database $database (does it exist already?)"
    "$bindir/pg_restore" --no-owner --exit-on-error --dbname="$server/$database$query" "$file"
    echo "restored into $database: DATABASE_URL='$server/$database$query'"
    if [ -f "$files" ]; then
        mkdir -p "$media"
        tar -C "$media" -xzf "$files"
        echo "the uploaded files restored into MEDIA_ROOT='$media'"
    fi
}

cmd_clean() {
    cmd_stop
    [ -L "$pg_dir" ] && rm -rf "$(readlink -f "$pg_dir")"
    rm -rf "$local_dir" "$root/.venv" "$socket_dir"
}

case "${1:-}" in
    system) shift; cmd_system "$@" ;;
    python) cmd_python ;;
    services) cmd_services ;;
    env) cmd_env ;;
    backup) shift; cmd_backup "$@" ;;
    restore) shift; cmd_restore "$@" ;;
    stop) cmd_stop ;;
    clean) cmd_clean ;;
    *) die "usage: scripts/local.sh system|python|services|env|backup|restore|stop|clean" ;;
esac
