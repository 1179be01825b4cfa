#!/usr/bin/env bash
# libiscsi's SCSI/iSCSI conformance suite against tgt and the fcspec emulator, side by side on 127.0.0.1.
#
#   ci/conformance/libiscsi.sh
#
# Starts tgtd (one 64 MiB file-backed LUN, 512-byte blocks) and the emulator (fixtures/benches/conformance.yaml,
# LUN 1: 64 MiB, 512-byte blocks), runs `iscsi-test-cu --dataloss -t ALL` against LUN 1 of each, and prints one
# table: tests passed / skipped / failed per target. A test's verdict is CUnit's; a test that prints [SKIPPED]
# counts as skipped (CUnit counts it as passed). Tests CUnit passes although they print a [FAILED] line are
# listed separately (see README, "Third-party checks").
#
# Exits non-zero when the emulator passes fewer than 200 tests or fails any. Logs: target/conformance/.
# Needs: iscsi-test-cu (libiscsi-bin), tgtd and tgtadm (tgt), a JDK 17.
set -euo pipefail
. "$(dirname "$0")/common.bash"
trap conformance_cleanup EXIT
trap 'exit 130' INT TERM

MIN_PASSED=${MIN_PASSED:-200}
require_tools iscsi-test-cu tgtd tgtadm java

build_emulator
start_tgt
start_emulator

run_suite() { # name url
    local name=$1 url=$2
    log "iscsi-test-cu --dataloss -t ALL $url"
    set +e
    timeout 900 iscsi-test-cu --dataloss -t ALL "$url" >"$OUT/libiscsi-$name.log" 2>&1
    local rc=$?
    set -e
    log "$name: iscsi-test-cu exited with $rc"
}

run_suite tgt "iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN/1"
run_suite emulator "iscsi://$EMU_PORTAL/$EMU_IQN/1"

# One line per test: suite.test verdict, where verdict is passed, skipped, failed, plus "noted" when CUnit
# passed a test that printed [FAILED].
classify() {
    awk '
    function flush() {
        if (name != "") {
            v = failed ? "failed" : (skipped ? "skipped" : "passed")
            print name, v, (noted && !failed ? "noted" : "")
        }
        name = ""; failed = 0; skipped = 0; noted = 0
    }
    /^Suite: / { flush(); suite = $2; next }
    /^  Test: / { flush(); name = suite "." $2 }
    /^Run Summary/ { flush(); done = 1 }
    done { next }
    name != "" && /\[SKIPPED\]/ { skipped = 1 }
    name != "" && /\[FAILED\]/ { noted = 1 }
    name != "" && (/^FAILED/ || /\.\.\.FAILED/) { failed = 1 }
    END { flush() }' "$1"
}

classify "$OUT/libiscsi-tgt.log" >"$OUT/libiscsi-tgt.results"
classify "$OUT/libiscsi-emulator.log" >"$OUT/libiscsi-emulator.results"

count() { awk -v v="$2" '$2 == v' "$1" | wc -l | tr -d ' '; }
noted() { awk '$3 == "noted" { printf "%s%s", sep, $1; sep = ", " }' "$1"; }
names() { awk -v v="$2" '$2 == v { printf "%s%s", sep, $1; sep = ", " }' "$1"; }

{
    echo "iscsi-test-cu --dataloss -t ALL (libiscsi-bin $(dpkg-query -W -f='${Version}' libiscsi-bin 2>/dev/null || echo '?'), tgt $(dpkg-query -W -f='${Version}' tgt 2>/dev/null || echo '?')), LUN 1: 64 MiB, 512-byte blocks"
    echo
    printf '| %-9s | %5s | %6s | %7s | %6s | %s\n' target total passed skipped failed "passed but printed [FAILED]"
    printf '|-----------|-------|--------|---------|--------|----------------------------\n'
    for t in tgt emulator; do
        f="$OUT/libiscsi-$t.results"
        printf '| %-9s | %5s | %6s | %7s | %6s | %s\n' "$t" "$(wc -l <"$f" | tr -d ' ')" "$(count "$f" passed)" \
            "$(count "$f" skipped)" "$(count "$f" failed)" "$(noted "$f")"
    done
    echo
    for t in tgt emulator; do
        echo "$t failed: $(names "$OUT/libiscsi-$t.results" failed)"
    done
    echo "emulator skipped: $(names "$OUT/libiscsi-emulator.results" skipped)"
} | tee "$OUT/libiscsi-summary.txt"

passed=$(count "$OUT/libiscsi-emulator.results" passed)
failed=$(count "$OUT/libiscsi-emulator.results" failed)
total=$(wc -l <"$OUT/libiscsi-emulator.results" | tr -d ' ')
if [ "$total" -eq 0 ]; then
    echo "FAIL: no test results from the emulator run (see $OUT/libiscsi-emulator.log)" >&2
    exit 1
fi
if [ "$failed" -gt 0 ] || [ "$passed" -lt "$MIN_PASSED" ]; then
    echo "FAIL: the emulator passed $passed (need at least $MIN_PASSED) and failed $failed (need 0)" >&2
    exit 1
fi
echo "OK: the emulator passed $passed and failed none"
