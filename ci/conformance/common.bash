# Shared by the scripts in ci/conformance: start and stop tgt and the fcspec emulator side by side on
# 127.0.0.1. Source it; it is not executable on its own. Everything started here is stopped by
# conformance_cleanup (install it with `trap conformance_cleanup EXIT`).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/fcspec-conformance.XXXXXX")"
OUT="$ROOT/target/conformance"
mkdir -p "$OUT"

TGT_IQN="iqn.2024-01.dev.fcspec:tgt-reference"
TGT_PID=""
TGT_CONTROL=""
EMU_PID=""
EMU_PORTAL=""
EMU_IQN=""
EMU_ENDPOINTS=""
TGT_PORT=""

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

require_tools() {
    local missing=()
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || missing+=("$t")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "missing tools: ${missing[*]} (Debian packages: libiscsi-bin tgt; see ci/system-packages.txt)" >&2
        exit 2
    fi
}

# A TCP port on 127.0.0.1 nobody listens on (pure bash: /dev/tcp connects when something listens).
free_port() {
    local p
    for _ in $(seq 1 200); do
        p=$(( 20000 + RANDOM % 20000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    echo "no free port found" >&2
    return 1
}

# tgtd with one target and a 64 MiB file-backed LUN 1 with 512-byte blocks, on 127.0.0.1:$TGT_PORT.
start_tgt() {
    TGT_PORT=$(free_port)
    # tgtd's management socket is /var/run/tgtd/socket.N; pick an N nobody uses
    for _ in $(seq 1 50); do
        TGT_CONTROL=$(( 1000 + RANDOM % 30000 ))
        [ -e "/var/run/tgtd/socket.$TGT_CONTROL" ] || break
    done
    truncate -s 64M "$WORK/tgt-lun1.img"
    log "starting tgtd on 127.0.0.1:$TGT_PORT (control $TGT_CONTROL)"
    tgtd -f -C "$TGT_CONTROL" --iscsi "portal=127.0.0.1:$TGT_PORT" >"$WORK/tgtd.log" 2>&1 &
    TGT_PID=$!
    local ok=""
    for _ in $(seq 1 50); do
        if tgtadm -C "$TGT_CONTROL" --lld iscsi --op show --mode sys >/dev/null 2>&1; then
            ok=1
            break
        fi
        kill -0 "$TGT_PID" 2>/dev/null || break
        sleep 0.2
    done
    if [ -z "$ok" ]; then
        cat "$WORK/tgtd.log" >&2
        echo "tgtd did not come up" >&2
        return 1
    fi
    tgtadm -C "$TGT_CONTROL" --lld iscsi --op new --mode target --tid 1 -T "$TGT_IQN"
    tgtadm -C "$TGT_CONTROL" --lld iscsi --op new --mode logicalunit --tid 1 --lun 1 \
        -b "$WORK/tgt-lun1.img" --blocksize 512
    tgtadm -C "$TGT_CONTROL" --lld iscsi --op bind --mode target --tid 1 -I ALL
}

stop_tgt() {
    if [ -n "$TGT_PID" ] && kill -0 "$TGT_PID" 2>/dev/null; then
        tgtadm -C "$TGT_CONTROL" --op update --mode sys --name State -v offline >/dev/null 2>&1 || true
        tgtadm -C "$TGT_CONTROL" --lld iscsi --op delete --mode target --tid 1 --force >/dev/null 2>&1 || true
        tgtadm -C "$TGT_CONTROL" --op delete --mode system >/dev/null 2>&1 || true
        for _ in $(seq 1 25); do
            kill -0 "$TGT_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$TGT_PID" 2>/dev/null || true
        wait "$TGT_PID" 2>/dev/null || true
    fi
    TGT_PID=""
}

# How the emulator is started: `./fcspec emulate` when this checkout has it (the launcher builds
# harness/target/fcspec.jar when missing or stale, so build it here, before the clock starts), else the
# EmulatorServer class from the emulator module's classes and runtime classpath.
build_emulator() {
    if [ -x "$ROOT/fcspec" ] && grep -q 'emulate' "$ROOT/fcspec"; then
        log "building the fcspec jar if needed (./fcspec --help)"
        (cd "$ROOT" && ./fcspec --help >"$WORK/build.log" 2>&1) || {
            tail -50 "$WORK/build.log" >&2
            return 1
        }
        EMU_COMMAND=("$ROOT/fcspec" emulate)
        EMU_DESCRIPTION="./fcspec emulate --bench fixtures/benches/conformance.yaml --endpoints-file FILE"
        return 0
    fi
    log "building the emulator (./mvnw -q -B -DskipTests -pl emulator -am package)"
    (cd "$ROOT" && ./mvnw -q -B -DskipTests -pl emulator -am package >"$WORK/build.log" 2>&1) || {
        tail -50 "$WORK/build.log" >&2
        return 1
    }
    (cd "$ROOT" && ./mvnw -q -B -pl emulator dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile="$WORK/classpath.txt" >>"$WORK/build.log" 2>&1) || {
        tail -50 "$WORK/build.log" >&2
        return 1
    }
    # shellcheck disable=SC2206
    EMU_COMMAND=(java ${EMU_JAVA_OPTS:-} -cp "$ROOT/emulator/target/classes:$(cat "$WORK/classpath.txt")"
        dev.fcspec.emulator.bench.EmulatorServer)
    EMU_DESCRIPTION="java -cp emulator/target/classes:... dev.fcspec.emulator.bench.EmulatorServer --bench fixtures/benches/conformance.yaml"
}

# The emulator serving a bench (default fixtures/benches/conformance.yaml); sets EMU_ENDPOINTS to its endpoints
# file ($WORK/endpoints.json), and EMU_PORTAL and EMU_IQN to the first iSCSI endpoint in it.
start_emulator() {
    local bench=${1:-$ROOT/fixtures/benches/conformance.yaml}
    local endpoints="$WORK/endpoints.json"
    EMU_ENDPOINTS="$endpoints"
    rm -f "$endpoints"
    log "starting the emulator: ${EMU_COMMAND[*]} --bench ${bench#"$ROOT"/}"
    FCSPEC_JAVA_OPTS="${EMU_JAVA_OPTS:-}" "${EMU_COMMAND[@]}" --bench "$bench" \
        --endpoints-file "$endpoints" >"$WORK/emulator.log" 2>&1 &
    EMU_PID=$!
    for _ in $(seq 1 300); do
        [ -s "$endpoints" ] && break
        kill -0 "$EMU_PID" 2>/dev/null || break
        sleep 0.2
    done
    if [ ! -s "$endpoints" ]; then
        cat "$WORK/emulator.log" >&2
        echo "the emulator did not write its endpoints" >&2
        return 1
    fi
    EMU_PORTAL=$(sed -n 's/.*"iscsi": \[{"portal": "\([^"]*\)".*/\1/p' "$endpoints")
    EMU_IQN=$(sed -n 's/.*"iscsi": \[{"portal": "[^"]*", "target": "\([^"]*\)".*/\1/p' "$endpoints")
    log "emulator serving $EMU_IQN on $EMU_PORTAL"
}

stop_emulator() {
    if [ -n "$EMU_PID" ] && kill -0 "$EMU_PID" 2>/dev/null; then
        kill -TERM "$EMU_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$EMU_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$EMU_PID" 2>/dev/null || true
        wait "$EMU_PID" 2>/dev/null || true
    fi
    EMU_PID=""
}

conformance_cleanup() {
    stop_emulator
    stop_tgt
    rm -rf "$WORK"
}
