#!/usr/bin/env bash
# Checks unipile-mock against the official Unipile Node SDK's published response types:
# builds and starts the fake on a free loopback port, installs the pinned SDK if needed
# (`npm ci` from the committed lockfile), runs conformance.mjs against it, and stops the fake
# whatever happens. Exits with the runner's status (non-zero when a call failed).
# Extra arguments go to conformance.mjs (e.g. `--verbose true`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"

echo "== build unipile-mock"
cargo build -q -p unipile-mock --bin unipile-mock
mock="${CARGO_TARGET_DIR:-$root/target}/debug/unipile-mock"

if [ ! -d "$here/node_modules/unipile-node-sdk" ]; then
    echo "== npm ci"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

api_key="conformance-$$-$RANDOM"
log="$(mktemp)"
mock_pid=""
cleanup() {
    if [ -n "$mock_pid" ]; then
        kill "$mock_pid" 2>/dev/null || true
        wait "$mock_pid" 2>/dev/null || true
    fi
    rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Port 0: the fake binds a free port itself and prints it, so no other process can take the
# port between choosing and binding it.
"$mock" --port 0 --api-key "$api_key" --seed 42 >"$log" 2>&1 &
mock_pid=$!

base_url=""
for _ in $(seq 1 100); do
    base_url="$(sed -n 's/^ *base URL: *//p' "$log")"
    [ -n "$base_url" ] && break
    if ! kill -0 "$mock_pid" 2>/dev/null; then
        echo "unipile-mock exited before serving:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.1
done
if [ -z "$base_url" ]; then
    echo "unipile-mock printed no base URL within 10 s:" >&2
    cat "$log" >&2
    exit 1
fi

echo "== conformance of unipile-mock ($base_url) to unipile-node-sdk $(node -p "require('$here/node_modules/unipile-node-sdk/package.json').version" 2>/dev/null || echo '?')"
status=0
timeout 300 node "$here/conformance.mjs" --dsn "$base_url" --api-key "$api_key" "$@" || status=$?
exit "$status"
