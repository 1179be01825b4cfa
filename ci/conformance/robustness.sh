#!/usr/bin/env bash
# Attacks on the fcspec emulator's iSCSI target over 127.0.0.1, and its access control checked with libiscsi:
#
#   ci/conformance/robustness.sh
#
# Serves fixtures/benches/robustness.yaml with `fcspec emulate` (heap limit 1g, the launcher's default for
# emulate) and replays, one after the other, the attacks of ci/conformance/robustness.py: random bytes, garbage
# after login, huge DataSegmentLength and AHS lengths, truncated PDUs, 2,000 idle connections, slow partial
# headers, huge EDTLs with no data, out-of-range CDBs, 64 parallel clients. After each attack the target must
#   - answer iscsi-inq (libiscsi) within INQ_LIMIT_MS (1000 ms),
#   - keep its resident set (VmRSS in /proc) within RSS_LIMIT_MIB (1536 MiB: the 1 GiB heap plus the JVM's own),
#   - return the 32 KiB a witness session wrote before the first attack, unchanged.
# Then CHAP, mutual CHAP and LUN masking on the second portal, with iscsi-inq as the independent initiator: the
# right secrets log in; a wrong secret, an initiator not listed and a wrong mutual secret (checked by libiscsi)
# do not; a masked LUN answers LOGICAL UNIT NOT SUPPORTED. Last, SIGTERM must end the emulator within 5 s.
#
# Prints one line per check and "N passed, M failed"; exits non-zero on any failure. Logs: target/conformance/.
# Needs: iscsi-inq (libiscsi-bin), python3, a JDK 17.
set -euo pipefail
. "$(dirname "$0")/common.bash"
trap conformance_cleanup EXIT
trap 'exit 130' INT TERM

INQ_LIMIT_MS=${INQ_LIMIT_MS:-1000}
RSS_LIMIT_MIB=${RSS_LIMIT_MIB:-1536}
require_tools iscsi-inq python3 java

ATTACKER="$ROOT/ci/conformance/robustness.py"
RESULTS="$OUT/robustness.txt"
: >"$RESULTS"
PASSED=0
FAILED=0

record() { # verdict line
    local verdict=$1
    shift
    if [ "$verdict" = ok ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
    printf '%-4s %s\n' "$verdict" "$*" | tee -a "$RESULTS"
}

build_emulator
start_emulator "$ROOT/fixtures/benches/robustness.yaml"
read -r OPEN_PORTAL OPEN_IQN SECURE_PORTAL SECURE_IQN < <(python3 - "$WORK/endpoints.json" <<'EOF'
import json, sys
e = json.load(open(sys.argv[1]))["iscsi"]
print(e[0]["portal"], e[0]["target"], e[1]["portal"], e[1]["target"])
EOF
)
log "open portal $OPEN_PORTAL ($OPEN_IQN), secure portal $SECURE_PORTAL ($SECURE_IQN), emulator pid $EMU_PID"

rss_mib() { awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$EMU_PID/status" 2>/dev/null || echo 0; }

attack() { # name
    local out rc=0
    out=$(timeout 120 python3 "$ATTACKER" "$OPEN_PORTAL" "$OPEN_IQN" "$1" 2>&1) || rc=$?
    if [ "$rc" -eq 0 ]; then record ok "$out"; else record FAIL "$1 (exit $rc): $out"; fi
}

# the target after an attack: alive, answering iscsi-inq in time, within its memory bound, the witness's data intact
still_serving() { # after
    if ! kill -0 "$EMU_PID" 2>/dev/null; then
        record FAIL "after $1: the emulator is gone"
        tail -20 "$WORK/emulator.log" >&2
        return
    fi
    local start end ms rc=0
    start=$(date +%s%N)
    timeout 10 iscsi-inq "iscsi://$OPEN_PORTAL/$OPEN_IQN/0" >"$WORK/inq.out" 2>&1 || rc=$?
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    if [ "$rc" -eq 0 ] && grep -q "^Product:" "$WORK/inq.out" && [ "$ms" -le "$INQ_LIMIT_MS" ]; then
        record ok "after $1: iscsi-inq answered in $ms ms"
    else
        record FAIL "after $1: iscsi-inq exit $rc in $ms ms (limit $INQ_LIMIT_MS): $(head -3 "$WORK/inq.out" | tr '\n' ' ')"
    fi
    local rss
    rss=$(rss_mib)
    if [ "$rss" -le "$RSS_LIMIT_MIB" ]; then
        record ok "after $1: RSS $rss MiB (limit $RSS_LIMIT_MIB)"
    else
        record FAIL "after $1: RSS $rss MiB over the limit of $RSS_LIMIT_MIB"
    fi
    attack witness-check
}

attack witness-start
record ok "before the attacks: RSS $(rss_mib) MiB"
for a in random-bytes garbage-after-login huge-data-segment huge-ahs truncated-pdus idle-connections slow-headers \
         huge-edtl out-of-range-cdbs parallel-clients; do
    log "attack: $a"
    attack "$a"
    still_serving "$a"
done

# ---- access control on the secure portal, libiscsi as the initiator
HOST1=iqn.2024-01.dev.fcspec:host1
HOST2=iqn.2024-01.dev.fcspec:host2
SECRET=host-user%host-secret-123
MUTUAL="target_user=array-user&target_password=array-secret-456"

inq() { # expect(ok|fail) what initiator url [grep-pattern]
    local expect=$1 what=$2 initiator=$3 url=$4 pattern=${5:-} rc=0 seen
    seen=$(wc -l <"$WORK/emulator.log")
    timeout 20 iscsi-inq -i "$initiator" "$url" >"$WORK/inq.out" 2>&1 || rc=$?
    # what the target logged for this login (it may come a moment after the initiator gave up)
    sleep 0.3
    tail -n +"$((seen + 1))" "$WORK/emulator.log" >>"$WORK/inq.out"
    local got=ok
    [ "$rc" -eq 0 ] || got=fail
    if [ "$got" = "$expect" ] && { [ -z "$pattern" ] || grep -q "$pattern" "$WORK/inq.out"; }; then
        record ok "$what: iscsi-inq ${got/fail/refused}${pattern:+ ($pattern)}"
    else
        record FAIL "$what: expected $expect${pattern:+ with '$pattern'}, got exit $rc: $(head -3 "$WORK/inq.out" | tr '\n' ' ')"
    fi
}

inq ok "one-way CHAP, host1, LUN 0" "$HOST1" "iscsi://$SECRET@$SECURE_PORTAL/$SECURE_IQN/0"
inq ok "mutual CHAP, host1, LUN 0 (libiscsi checks the target's answer)" "$HOST1" \
    "iscsi://$SECRET@$SECURE_PORTAL/$SECURE_IQN/0?$MUTUAL"
inq fail "mutual CHAP with a secret the target does not know" "$HOST1" \
    "iscsi://$SECRET@$SECURE_PORTAL/$SECURE_IQN/0?target_user=array-user&target_password=not-the-array-secret"
inq fail "a wrong CHAP secret" "$HOST1" "iscsi://host-user%wrong-secret-000@$SECURE_PORTAL/$SECURE_IQN/0" \
    "AUTHENTICATION_FAILURE"
inq fail "no CHAP at all" "$HOST1" "iscsi://$SECURE_PORTAL/$SECURE_IQN/0"
inq fail "an initiator the portal does not list" "iqn.2024-01.dev.fcspec:stranger" \
    "iscsi://$SECRET@$SECURE_PORTAL/$SECURE_IQN/0" "AUTHORIZATION_FAILURE"
inq fail "host1 on LUN 1, masked for it" "$HOST1" "iscsi://$SECRET@$SECURE_PORTAL/$SECURE_IQN/1" \
    "LOGICAL_UNIT_NOT_SUPPORTED"
inq ok "host2 on LUN 1" "$HOST2" "iscsi://$SECRET@$SECURE_PORTAL/$SECURE_IQN/1"

# ---- errors are logged where an operator sees them: one WARNING line naming the peer
if grep -q "^WARNING: iSCSI 127.0.0.1:[0-9]*: " "$WORK/emulator.log"; then
    record ok "refusals logged at WARNING with the peer ($(grep -c '^WARNING: iSCSI 127.0.0.1' "$WORK/emulator.log") lines)"
else
    record FAIL "no WARNING line naming the peer in the emulator log"
fi
cp "$WORK/emulator.log" "$OUT/robustness-emulator.log"

# ---- SIGTERM ends it, whatever its sessions are doing (a session holding a half-sent PDU, here)
python3 - "$OPEN_PORTAL" <<'EOF' &
import socket, sys, time
host, port = sys.argv[1].rsplit(":", 1)
s = socket.create_connection((host, int(port)))
s.sendall(b"\x43\x87\x00\x00\x00\x00\x10")
time.sleep(8)
EOF
HOLDER=$!
sleep 0.5
start=$(date +%s%N)
kill -TERM "$EMU_PID"
for _ in $(seq 1 50); do
    kill -0 "$EMU_PID" 2>/dev/null || break
    sleep 0.1
done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if kill -0 "$EMU_PID" 2>/dev/null; then
    record FAIL "SIGTERM: the emulator still runs after $ms ms"
else
    wait "$EMU_PID" 2>/dev/null || true
    record ok "SIGTERM: the emulator ended in $ms ms"
    EMU_PID=""
fi
kill "$HOLDER" 2>/dev/null || true
wait "$HOLDER" 2>/dev/null || true

echo "robustness: $PASSED passed, $FAILED failed" | tee -a "$RESULTS"
[ "$FAILED" -eq 0 ]
