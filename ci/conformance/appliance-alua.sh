#!/usr/bin/env bash
# The nodes of appliance cluster c1 served over iSCSI by `fcspec emulate --bench fixtures/benches/embedded.yaml`,
# checked with libiscsi: each node has a portal of its own (the endpoints file lists them under "iscsi" with
# the node and the LUNs it owns), and every LUN of the cluster answers at every node's portal:
#
#   - iscsi-inq: the standard INQUIRY reports asymmetric logical unit access (TPGS not 0);
#   - iscsi-inq -e 1 -c 131 (VPD 0x83): the target port is this node's portal, the logical unit is the same at
#     both portals, and the target device is the node that owns the LUN (at the other node's portal: answered
#     by the owner, through the interconnect);
#   - REPORT TARGET PORT GROUPS through libiscsi (rtpg.py; libiscsi-bin has no tool for it): the group of the
#     port the command came in on is active/optimized at the owner's portal, active/non-optimized at the other.
#
#   ci/conformance/appliance-alua.sh
#
# Exits non-zero when any check fails (a node that answers another node's LUN as its owner fails it).
# Logs: target/conformance/appliance-alua.log. Needs: iscsi-inq (libiscsi-bin), python3, a JDK 17.
set -euo pipefail
. "$(dirname "$0")/common.bash"
trap conformance_cleanup EXIT
trap 'exit 130' INT TERM

require_tools iscsi-inq python3 java
CLUSTER=c1
REPORT="$OUT/appliance-alua.log"
: >"$REPORT"

build_emulator
start_emulator "$ROOT/fixtures/benches/embedded.yaml"

# node portal target owned-luns(comma) all-luns(comma), one line per node of the cluster
python3 - "$EMU_ENDPOINTS" "$CLUSTER" >"$WORK/nodes.txt" <<'EOF'
import json, sys
for e in json.load(open(sys.argv[1]))["iscsi"]:
    if e.get("cluster") == sys.argv[2]:
        print(e["node"], e["portal"], e["target"], ",".join(map(str, e["owns"])) or "-",
              ",".join(map(str, e["luns"])))
EOF
nodes=$(wc -l <"$WORK/nodes.txt" | tr -d ' ')
if [ "$nodes" -lt 2 ]; then
    cat "$EMU_ENDPOINTS" >&2
    echo "expected the nodes of cluster $CLUSTER in the endpoints file, found $nodes" >&2
    exit 1
fi

failures=0
check() { # description, then the test that must hold
    local what=$1
    shift
    if "$@"; then
        printf 'ok    %s\n' "$what" | tee -a "$REPORT"
    else
        printf 'FAIL  %s\n' "$what" | tee -a "$REPORT"
        failures=$((failures + 1))
    fi
}
owner_of() { # lun -> node that owns it
    awk -v lun="$1" '{ n = split($4, o, ","); for (i = 1; i <= n; i++) if (o[i] == lun) print $1 }' "$WORK/nodes.txt"
}
designator() { # vpd-output association type -> the designator value
    awk -v a="$2" -v t="$3" '
        /^Association:/ { assoc = $0 }
        /^Designator Type:/ { type = $0 }
        /^Designator:/ && index(assoc, a) && index(type, t) { sub(/^Designator:\[/, ""); sub(/\]$/, ""); print; exit }' "$1"
}

declare -A lu_of
while read -r node portal target owns luns; do
    for lun in ${luns//,/ }; do
        owner=$(owner_of "$lun")
        url="iscsi://$portal/$target/$lun"
        log "$node: LUN $lun (owned by $owner) at $url"
        std="$WORK/inq-$node-$lun.txt"
        vpd="$WORK/vpd83-$node-$lun.txt"
        groups="$WORK/rtpg-$node-$lun.txt"
        { iscsi-inq "$url" >"$std" 2>&1 && iscsi-inq -e 1 -c 131 "$url" >"$vpd" 2>&1 \
            && python3 "$ROOT/ci/conformance/rtpg.py" "$portal" "$target" "$lun" >"$groups" 2>&1; } || {
            cat "$std" "$vpd" "$groups" 2>/dev/null | tee -a "$REPORT" >&2
            check "$node LUN $lun: INQUIRY, VPD 0x83 and REPORT TARGET PORT GROUPS complete" false
            continue
        }
        tpgs=$(sed -n 's/^TPGS:\([0-9]*\).*/\1/p' "$std")
        check "$node LUN $lun: INQUIRY reports asymmetric access (TPGS $tpgs)" test "${tpgs:-0}" -ne 0
        port=$(designator "$vpd" "TARGET_PORT" "SCSI_NAME_STRING")
        check "$node LUN $lun: VPD 0x83 names this node's target port ($port)" test "$port" = "$target,t,0x0001"
        device=$(designator "$vpd" "TARGET_DEVICE" "SCSI_NAME_STRING")
        check "$node LUN $lun: answered by the owner's target ($device, owner $owner)" test "$device" = "$owner"
        unit=$(designator "$vpd" "LOGICAL_UNIT" "T10_VENDORT_ID")
        if [ -n "${lu_of[$lun]:-}" ]; then
            check "$node LUN $lun: the same logical unit as at the other portal ($unit)" test "$unit" = "${lu_of[$lun]}"
        fi
        lu_of[$lun]=$unit
        read -r rel tpg < <(sed -n 's/^port rel=\([0-9]*\) tpg=\([0-9]*\)$/\1 \2/p' "$groups") || true
        state=$(awk -v g="tpg=$tpg" -v r="$rel" '$1 == g { sub(/^state=/, "", $2); sub(/^ports=/, "", $3)
            n = split($3, p, ","); for (i = 1; i <= n; i++) if (p[i] == r) print $2 }' "$groups")
        if [ "$node" = "$owner" ]; then want=0; name=active/optimized; else want=1; name=active/non-optimized; fi
        check "$node LUN $lun: REPORT TARGET PORT GROUPS says $name for port $rel in group $tpg (state ${state:-none})" \
            test "$state" = "$want"
    done
done <"$WORK/nodes.txt"

echo
echo "cluster $CLUSTER over iSCSI: $failures failed checks (details: ${REPORT#"$ROOT/"})"
[ "$failures" -eq 0 ]
