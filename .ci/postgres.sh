# Sourced by .ci/run: starts a throwaway PostgreSQL for the sync store's tests and
# exports UNIPILE_TEST_POSTGRES_URL. A fresh cluster in a temporary directory, owned and
# run by a non-root user, listening on a free loopback port (and a UNIX socket in that
# directory only), with password authentication. The server is stopped and the
# directory removed when the sourcing shell exits. Installs the Debian `postgresql`
# package when no `initdb` is found.

unipile_pg_find() {
    unipile_pg_bin=""
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
        [ -x "$dir/initdb" ] && unipile_pg_bin="$dir"
    done
    if [ -z "$unipile_pg_bin" ] && command -v initdb >/dev/null 2>&1; then
        unipile_pg_bin="$(dirname "$(command -v initdb)")"
    fi
    return 0
}

unipile_pg_find
if [ -z "$unipile_pg_bin" ]; then
    echo "== installing PostgreSQL (no initdb found)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    unipile_pg_find
fi
if [ -z "$unipile_pg_bin" ]; then
    echo "postgres.sh: no initdb under /usr/lib/postgresql/*/bin after installing" >&2
    return 1
fi

# PostgreSQL refuses to run as root: use the package's `postgres` user, or a system
# user of our own where there is none.
if [ "$(id -u)" = 0 ]; then
    unipile_pg_user=postgres
    if ! id -u "$unipile_pg_user" >/dev/null 2>&1; then
        unipile_pg_user=unipile-ci-pg
        id -u "$unipile_pg_user" >/dev/null 2>&1 ||
            useradd --system --no-create-home --shell /usr/sbin/nologin "$unipile_pg_user"
    fi
    unipile_pg_as() { (cd / && runuser -u "$unipile_pg_user" -- "$@"); }
else
    unipile_pg_user="$(id -un)"
    unipile_pg_as() { (cd / && "$@"); }
fi

unipile_pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/unipile-pg.XXXXXX")"
chmod 755 "$unipile_pg_dir"
unipile_pg_password="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
(umask 077 && printf '%s\n' "$unipile_pg_password" >"$unipile_pg_dir/pwfile")
chown -R "$unipile_pg_user" "$unipile_pg_dir"

unipile_pg_stop() {
    if [ -f "$unipile_pg_dir/data/postmaster.pid" ]; then
        unipile_pg_as "$unipile_pg_bin/pg_ctl" -D "$unipile_pg_dir/data" -m fast -w stop \
            >/dev/null 2>&1 || true
    fi
    rm -rf "$unipile_pg_dir"
}
trap unipile_pg_stop EXIT

unipile_pg_as "$unipile_pg_bin/initdb" -D "$unipile_pg_dir/data" -U unipile \
    --pwfile="$unipile_pg_dir/pwfile" --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
    -E UTF8 --no-locale >"$unipile_pg_dir/initdb.log" 2>&1 || {
    cat "$unipile_pg_dir/initdb.log" >&2
    return 1
}

# A free loopback port: the kernel picks one for a probe; a start that loses it to
# another process tries again with a new one.
unipile_pg_port=""
for _ in 1 2 3 4 5; do
    unipile_pg_try="$(( (RANDOM << 15 | RANDOM) % 20000 + 40000 ))"
    if (exec 3<>"/dev/tcp/127.0.0.1/$unipile_pg_try") 2>/dev/null; then
        continue
    fi
    if unipile_pg_as "$unipile_pg_bin/pg_ctl" -D "$unipile_pg_dir/data" -w -t 60 \
        -l "$unipile_pg_dir/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $unipile_pg_try -k $unipile_pg_dir -c max_connections=300 -c fsync=off -c full_page_writes=off" \
        start >/dev/null; then
        unipile_pg_port="$unipile_pg_try"
        break
    fi
done
if [ -z "$unipile_pg_port" ]; then
    echo "postgres.sh: the throwaway PostgreSQL did not start:" >&2
    cat "$unipile_pg_dir/server.log" >&2 || true
    return 1
fi

PGPASSWORD="$unipile_pg_password" "$unipile_pg_bin/createdb" -h 127.0.0.1 \
    -p "$unipile_pg_port" -U unipile unipile_test
export UNIPILE_TEST_POSTGRES_URL="postgres://unipile:${unipile_pg_password}@127.0.0.1:${unipile_pg_port}/unipile_test"
echo "== throwaway PostgreSQL ($("$unipile_pg_bin/postgres" --version)) on 127.0.0.1:$unipile_pg_port"
