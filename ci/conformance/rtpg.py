#!/usr/bin/env python3
"""REPORT TARGET PORT GROUPS through libiscsi, which libiscsi-bin has no tool for (sg_rtpg needs a kernel
block device). Loads libiscsi.so.7 with ctypes, logs in to the target, reads the relative target port and
target port group of the port it came in on from VPD page 0x83 (iscsi-inq prints these two designators
without their values), then sends REPORT TARGET PORT GROUPS, and prints:

    port rel=<relative target port id> tpg=<target port group>
    tpg=<group id> state=<asymmetric access state> ports=<relative target port ids, comma-separated>   (per group)

Usage: rtpg.py PORTAL TARGET LUN   (PORTAL is host:port). Exits non-zero when a command does not complete GOOD.
"""
import ctypes
import sys

SESSION_NORMAL = 2      # enum iscsi_session_type
XFER_READ = 1           # enum scsi_xfer_dir
STATUS_GOOD = 0
STATUS_CHECK_CONDITION = 2
ALLOCATION = 1024


def main(portal, target, lun):
    lib = ctypes.CDLL("libiscsi.so.7")
    lib.iscsi_create_context.restype = ctypes.c_void_p
    lib.iscsi_get_error.restype = ctypes.c_char_p
    lib.iscsi_get_error.argtypes = [ctypes.c_void_p]
    lib.iscsi_set_targetname.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.iscsi_set_session_type.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.iscsi_full_connect_sync.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.scsi_create_task.restype = ctypes.c_void_p
    lib.scsi_create_task.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
    lib.scsi_task_add_data_in_buffer.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    lib.iscsi_scsi_command_sync.restype = ctypes.c_void_p
    lib.iscsi_scsi_command_sync.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p]
    lib.scsi_task_get_status.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    lib.scsi_free_scsi_task.argtypes = [ctypes.c_void_p]
    lib.iscsi_logout_sync.argtypes = [ctypes.c_void_p]
    lib.iscsi_destroy_context.argtypes = [ctypes.c_void_p]

    ctx = lib.iscsi_create_context(b"iqn.2024-01.dev.fcspec:ci-rtpg")
    if not ctx:
        sys.exit("rtpg: cannot create a libiscsi context")
    lib.iscsi_set_targetname(ctx, target.encode())
    lib.iscsi_set_session_type(ctx, SESSION_NORMAL)
    if lib.iscsi_full_connect_sync(ctx, portal.encode(), lun) != 0:
        sys.exit("rtpg: login to %s on %s failed: %s" % (target, portal, lib.iscsi_get_error(ctx).decode()))

    def command(cdb):
        # The first command of a new I_T nexus reports a unit attention (power on); retry as a host does.
        for _ in range(4):
            buf = ctypes.create_string_buffer(ALLOCATION)
            task = lib.scsi_create_task(len(cdb), cdb, XFER_READ, ALLOCATION)
            lib.scsi_task_add_data_in_buffer(task, ALLOCATION, buf)
            if not lib.iscsi_scsi_command_sync(ctx, lun, task, None):
                sys.exit("rtpg: opcode 0x%02x failed: %s" % (cdb[0], lib.iscsi_get_error(ctx).decode()))
            status = lib.scsi_task_get_status(task, None)
            lib.scsi_free_scsi_task(task)
            if status != STATUS_CHECK_CONDITION:
                break
        if status != STATUS_GOOD:
            sys.exit("rtpg: opcode 0x%02x ended with status 0x%x" % (cdb[0], status))
        return buf.raw

    vpd = command(bytes([0x12, 1, 0x83, ALLOCATION >> 8 & 0xFF, ALLOCATION & 0xFF, 0]))
    data = command(bytes([0xA3, 0x0A, 0, 0, 0, 0, ALLOCATION >> 24 & 0xFF, ALLOCATION >> 16 & 0xFF,
                          ALLOCATION >> 8 & 0xFF, ALLOCATION & 0xFF, 0, 0]))
    lib.iscsi_logout_sync(ctx)
    lib.iscsi_destroy_context(ctx)
    port = {}
    end = min(4 + int.from_bytes(vpd[2:4], "big"), ALLOCATION)
    i = 4
    while i + 4 <= end:
        association, kind = vpd[i + 1] >> 4 & 0x3, vpd[i + 1] & 0xF
        if association == 1 and kind in (4, 5):
            port[kind] = int.from_bytes(vpd[i + 6:i + 8], "big")
        i += 4 + vpd[i + 3]
    if 4 not in port or 5 not in port:
        sys.exit("rtpg: VPD page 0x83 has no relative target port or target port group designator")
    print("port rel=%d tpg=%d" % (port[4], port[5]))
    end = min(4 + int.from_bytes(data[0:4], "big"), ALLOCATION)
    i = 4
    while i + 8 <= end:
        state = data[i] & 0x0F
        group = int.from_bytes(data[i + 2:i + 4], "big")
        count = data[i + 7]
        ports = [int.from_bytes(data[i + 8 + 4 * k + 2:i + 8 + 4 * k + 4], "big") for k in range(count)]
        print("tpg=%d state=%d ports=%s" % (group, state, ",".join(str(p) for p in ports)))
        i += 8 + 4 * count
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: rtpg.py PORTAL TARGET LUN")
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
