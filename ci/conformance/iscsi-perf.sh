#!/usr/bin/env bash
# IOPS of the fcspec emulator's iSCSI target next to tgt, in the same run, on 127.0.0.1:
#
#   ci/conformance/iscsi-perf.sh
#
#   4 KiB random reads at queue depth 32:      iscsi-perf -m 32 -b 8 -r -t 15 URL
#   128 KiB sequential reads at queue depth 32: iscsi-perf -m 32 -b 256 -t 15 URL
#
# Both targets serve a 64 MiB LUN with 512-byte blocks (tgt: a file; emulator: fixtures/benches/conformance.yaml
# LUN 1, sparse memory). Each workload runs ROUNDS times per target, alternating which target goes first; the
# emulator gets a short unrecorded warm-up (JIT) and so does tgt. Results and the commands that produced them go
# to docs/benchmarks.md (between the iscsi-perf markers) and target/conformance/iscsi-perf.md.
#
# Environment: PERF_SECONDS (15), ROUNDS (2), WARMUP_SECONDS (5), STRICT=1 to exit non-zero when the emulator is
# slower than tgt on a workload. Needs: iscsi-perf (libiscsi-bin), tgtd and tgtadm (tgt), a JDK 17.
set -euo pipefail
. "$(dirname "$0")/common.bash"
trap conformance_cleanup EXIT
trap 'exit 130' INT TERM

PERF_SECONDS=${PERF_SECONDS:-15}
ROUNDS=${ROUNDS:-2}
WARMUP_SECONDS=${WARMUP_SECONDS:-5}
require_tools iscsi-perf tgtd tgtadm java

build_emulator
start_tgt
start_emulator

TGT_URL="iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN/1"
EMU_URL="iscsi://$EMU_PORTAL/$EMU_IQN/1"

# prints the final "iops average" of one iscsi-perf run
perf() { # seconds url args...
    local seconds=$1 url=$2
    shift 2
    local out
    out=$(timeout $((seconds + 60)) iscsi-perf -m 32 "$@" -t "$seconds" "$url" 2>&1 | tr '\r' '\n') || true
    echo "$out" >>"$OUT/iscsi-perf.log"
    echo "$out" | sed -n 's/.*iops average \([0-9]*\) .*/\1/p' | tail -1
}

: >"$OUT/iscsi-perf.log"
log "warm-up: ${WARMUP_SECONDS}s per workload and target"
perf "$WARMUP_SECONDS" "$EMU_URL" -b 8 -r >/dev/null
perf "$WARMUP_SECONDS" "$EMU_URL" -b 256 >/dev/null
perf "$WARMUP_SECONDS" "$TGT_URL" -b 8 -r >/dev/null

declare -A RESULTS
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then order="tgt emulator"; else order="emulator tgt"; fi
    for workload in rand4k seq128k; do
        case $workload in
            rand4k) args=(-b 8 -r) ;;
            seq128k) args=(-b 256) ;;
        esac
        for t in $order; do
            if [ "$t" = tgt ]; then url=$TGT_URL; else url=$EMU_URL; fi
            iops=$(perf "$PERF_SECONDS" "$url" "${args[@]}")
            iops=${iops:-0}
            log "round $round $workload $t: $iops IOPS"
            RESULTS[$workload,$t]="${RESULTS[$workload,$t]:-} $iops"
        done
    done
done

mean() { awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%d", NF ? s / NF : 0 }' <<<"$1"; }

verdict=0
table=$(
    printf '| workload | tgt IOPS | emulator IOPS | emulator / tgt | runs (tgt; emulator) |\n'
    printf '|---|---:|---:|---:|---|\n'
    for workload in rand4k seq128k; do
        t=$(mean "${RESULTS[$workload,tgt]}")
        e=$(mean "${RESULTS[$workload,emulator]}")
        ratio=$(awk -v e="$e" -v t="$t" 'BEGIN { if (t > 0) printf "%.2f", e / t; else print "n/a" }')
        case $workload in
            rand4k) label="4 KiB random read, QD 32" ; mb=$((e * 4096 / 1000000)) ;;
            seq128k) label="128 KiB sequential read, QD 32" ; mb=$((e * 131072 / 1000000)) ;;
        esac
        printf '| %s | %s | %s (%s MB/s) | %s | %s; %s |\n' "$label" "$t" "$e" "$mb" "$ratio" \
            "$(echo ${RESULTS[$workload,tgt]} | tr ' ' '/')" "$(echo ${RESULTS[$workload,emulator]} | tr ' ' '/')"
    done
)
for workload in rand4k seq128k; do
    t=$(mean "${RESULTS[$workload,tgt]}")
    e=$(mean "${RESULTS[$workload,emulator]}")
    if [ "$e" -lt "$t" ]; then verdict=1; fi
done

section=$(cat <<EOT
<!-- iscsi-perf:begin (written by ci/conformance/iscsi-perf.sh; edit the script, not this section) -->
### Latest run: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)

Versions: libiscsi-bin $(dpkg-query -W -f='${Version}' libiscsi-bin 2>/dev/null || echo '?'), tgt $(dpkg-query -W -f='${Version}' tgt 2>/dev/null || echo '?'), $(java -version 2>&1 | head -1).
Mean of $ROUNDS runs of ${PERF_SECONDS} s per target and workload, the targets alternating, after a ${WARMUP_SECONDS} s warm-up.

$table

Commands (URL is \`iscsi://127.0.0.1:PORT/IQN/1\` of each target):

\`\`\`
ci/conformance/iscsi-perf.sh            # PERF_SECONDS=$PERF_SECONDS ROUNDS=$ROUNDS
iscsi-perf -m 32 -b 8 -r -t $PERF_SECONDS URL      # 4 KiB random reads, QD 32
iscsi-perf -m 32 -b 256 -t $PERF_SECONDS URL       # 128 KiB sequential reads, QD 32
tgtd -f -C N --iscsi portal=127.0.0.1:PORT; tgtadm --lld iscsi ... --lun 1 -b 64MiB-file --blocksize 512
$EMU_DESCRIPTION
\`\`\`
<!-- iscsi-perf:end -->
EOT
)

printf '%s\n' "$section" >"$OUT/iscsi-perf.md"
DOC="$ROOT/docs/benchmarks.md"
mkdir -p "$(dirname "$DOC")"
if [ ! -f "$DOC" ]; then
    printf '# Benchmarks\n\nMeasurements and the commands that made them.\n' >"$DOC"
fi
if ! grep -q '<!-- iscsi-perf:begin' "$DOC"; then
    printf '\n## iSCSI: emulator next to tgt (ci/conformance/iscsi-perf.sh)\n\n<!-- iscsi-perf:begin -->\n<!-- iscsi-perf:end -->\n' >>"$DOC"
fi
awk -v section="$OUT/iscsi-perf.md" '
    /<!-- iscsi-perf:begin/ { while ((getline line < section) > 0) print line; skip = 1; next }
    /<!-- iscsi-perf:end/ { skip = 0; next }
    !skip { print }' "$DOC" >"$WORK/benchmarks.md"
cp "$WORK/benchmarks.md" "$DOC"

printf '%s\n' "$table"
if [ "$verdict" -ne 0 ]; then
    echo "the emulator is slower than tgt on at least one workload (see docs/benchmarks.md for the profile)" >&2
    if [ "${STRICT:-0}" = 1 ]; then
        exit 1
    fi
else
    echo "OK: the emulator matches or beats tgt on both workloads"
fi
