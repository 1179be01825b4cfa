#!/usr/bin/env python3
"""Attacks on an iSCSI target over 127.0.0.1, one at a time, for ci/conformance/robustness.sh.

    robustness.py HOST:PORT TARGET-IQN ATTACK

Each attack is bounded in count and time and ends by itself. It prints one line, "ATTACK: what happened", and
exits 0 when the target behaved as a target must (closed the connection, rejected the PDU, answered with the
right status), 1 otherwise. The witness attack keeps one session open: "witness start" writes a pattern and
"witness check" is run by the script after every attack to read it back through a new session.
Standard library only.
"""
import os
import random
import resource
import select
import selectors
import socket
import struct
import sys
import threading
import time

INITIATOR = "iqn.2024-01.dev.fcspec:robustness"
SEED = 20240101


class Closed(Exception):
    pass


def bhs(opcode, flags, dsl=0, ahs=0, lun=0, itt=0, fields=b""):
    b = bytearray(48)
    b[0] = opcode
    b[1] = flags
    b[4] = ahs
    b[5:8] = dsl.to_bytes(3, "big")
    b[8:16] = lun.to_bytes(8, "big")
    b[16:20] = itt.to_bytes(4, "big")
    b[20:20 + len(fields)] = fields
    return bytes(b)


def pad(data):
    return data + b"\0" * (-len(data) % 4)


class Session:
    """A minimal iSCSI initiator: one connection, login in one PDU, SCSI commands, R2T answered."""

    def __init__(self, addr, target, isid=None, name=INITIATOR, timeout=10.0):
        self.sock = socket.create_connection(addr, timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.target = target
        self.name = name
        self.isid = isid if isid is not None else random.getrandbits(32)
        self.cmdsn = 1
        self.statsn = 0
        self.itt = 1

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, b):
        self.sock.sendall(b)

    def recv_exact(self, n):
        out = bytearray()
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise Closed()
            out += chunk
        return bytes(out)

    def recv_pdu(self):
        h = self.recv_exact(48)
        ahs = h[4] * 4
        dsl = int.from_bytes(h[5:8], "big")
        rest = self.recv_exact(ahs + dsl + (-dsl % 4))
        return h, rest[ahs:ahs + dsl]

    def login(self):
        isid = (0x02 << 40) | (0x3D << 32) | self.isid
        text = ("InitiatorName=%s\0SessionType=Normal\0TargetName=%s\0HeaderDigest=None\0DataDigest=None\0"
                "InitialR2T=Yes\0ImmediateData=No\0MaxRecvDataSegmentLength=262144\0" % (self.name, self.target)
                ).encode()
        b = bytearray(48)
        b[0] = 0x43
        b[1] = 0x80 | (1 << 2) | 3
        b[5:8] = len(text).to_bytes(3, "big")
        b[8:14] = isid.to_bytes(6, "big")
        b[16:20] = (0).to_bytes(4, "big")
        b[24:28] = self.cmdsn.to_bytes(4, "big")
        b[28:32] = self.statsn.to_bytes(4, "big")
        self.send(bytes(b) + pad(text))
        h, _ = self.recv_pdu()
        if h[0] & 0x3F != 0x23:
            raise RuntimeError("login answered with opcode 0x%02x" % h[0])
        status = h[36] << 8 | h[37]
        self.statsn = int.from_bytes(h[24:28], "big") + 1
        return status

    def command(self, cdb, lun=0, read=0, write=b"", edtl=None, send_data=True):
        """One SCSI command; returns (status, data_in, sense, r2t_lengths)."""
        itt = self.itt
        self.itt += 1
        if edtl is None:
            edtl = read or len(write)
        flags = 0x80 | 0x01 | (0x40 if read else 0) | (0x20 if (write or edtl and not read) else 0)
        f = bytearray(28)
        f[0:4] = edtl.to_bytes(4, "big")
        f[4:8] = self.cmdsn.to_bytes(4, "big")
        f[8:12] = self.statsn.to_bytes(4, "big")
        f[12:12 + len(cdb)] = cdb
        self.cmdsn += 1
        self.send(bhs(0x01, flags, lun=lun << 48, itt=itt, fields=bytes(f)))
        data = bytearray()
        r2ts = []
        while True:
            h, d = self.recv_pdu()
            op = h[0] & 0x3F
            if op == 0x31:  # R2T
                ttt = h[20:24]
                off = int.from_bytes(h[40:44], "big")
                length = int.from_bytes(h[44:48], "big")
                r2ts.append(length)
                if not send_data:
                    return None, b"", b"", r2ts
                chunk = write[off:off + length]
                g = bytearray(28)
                g[0:4] = ttt
                g[8:12] = self.statsn.to_bytes(4, "big")
                g[16:20] = (0).to_bytes(4, "big")
                g[20:24] = off.to_bytes(4, "big")
                self.send(bhs(0x05, 0x80, dsl=len(chunk), lun=lun << 48, itt=itt, fields=bytes(g)) + pad(chunk))
            elif op == 0x25:  # Data-In
                data += d
                if h[1] & 0x01:
                    self.statsn = int.from_bytes(h[24:28], "big") + 1
                    return h[3], bytes(data), b"", r2ts
            elif op == 0x21:  # SCSI Response
                self.statsn = int.from_bytes(h[24:28], "big") + 1
                sense = d[2:] if len(d) >= 2 else b""
                return h[3], bytes(data), sense, r2ts
            elif op == 0x3F:
                raise RuntimeError("Reject reason 0x%02x" % h[2])
            elif op == 0x20:  # NOP-In: ignore
                continue
            else:
                raise RuntimeError("unexpected opcode 0x%02x" % op)


def cdb10(op, lba, blocks):
    return struct.pack(">BBIBHB", op, 0, lba, 0, blocks, 0)


def cdb16(op, lba, blocks):
    return struct.pack(">BBQIBB", op, 0, lba, blocks, 0, 0)


def closed_by_target(sock, seconds):
    """True when the target closes (EOF or reset) within the time; answers it sends meanwhile are read and dropped."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        r, _, _ = select.select([sock], [], [], max(0.0, deadline - time.monotonic()))
        if not r:
            return False
        try:
            if not sock.recv(65536):
                return True
        except OSError:
            return True
    return False


def all_closed(socks, seconds, answer_counts=False):
    """How many of the sockets the target closes (or, with answer_counts, answers) within the time, waiting on all
    of them at once (epoll: there may be thousands)."""
    deadline = time.monotonic() + seconds
    sel = selectors.DefaultSelector()
    for sock in socks:
        sel.register(sock, selectors.EVENT_READ)
    done = 0
    while done < len(socks) and time.monotonic() < deadline:
        for key, _ in sel.select(max(0.0, min(0.5, deadline - time.monotonic()))):
            try:
                if key.fileobj.recv(65536) and not answer_counts:
                    continue
            except OSError:
                pass
            sel.unregister(key.fileobj)
            done += 1
    sel.close()
    return done


def connect(addr):
    s = socket.create_connection(addr, timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


# ------------------------------------------------------------------------------------------------ attacks

def random_bytes(addr, target):
    rng = random.Random(SEED)
    socks = []
    for i in range(50):
        s = connect(addr)
        try:
            s.sendall(bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 4096))))
        except OSError:
            pass
        socks.append(s)
    # bytes that do not frame as a login request end the connection, or it times out in login
    closed = all_closed(socks, 10)
    for s in socks:
        s.close()
    return closed == 50, "%d of 50 connections of random bytes closed by the target" % closed


def garbage_after_login(addr, target):
    rng = random.Random(SEED + 1)
    sessions = []
    for i in range(20):
        s = Session(addr, target)
        if s.login() != 0:
            return False, "login failed"
        try:
            s.send(bytes(rng.getrandbits(8) for _ in range(48 * rng.randint(1, 40))))
        except OSError:
            pass
        sessions.append(s)
    # garbage that frames as PDUs is rejected or ends the connection; a connection left with a PDU half-read,
    # or rejected and then silent, is dropped by the idle timeout (10 s in robustness.yaml)
    closed = all_closed([s.sock for s in sessions], 15)
    for s in sessions:
        s.close()
    return closed == 20, "%d of 20 logged-in connections that sent garbage were closed" % closed


def huge_data_segment(addr, target):
    socks = []
    # before login: 16 MiB - 1 announced, a few bytes sent
    for i in range(10):
        s = connect(addr)
        s.sendall(bhs(0x43, 0x87, dsl=0xFFFFFF) + b"x" * 100)
        socks.append(s)
    # after login: a NOP-Out announcing 16 MiB - 1
    for i in range(10):
        s = Session(addr, target)
        s.login()
        f = bytearray(28)
        f[0:4] = b"\xff\xff\xff\xff"
        s.send(bhs(0x00 | 0x40, 0x80, dsl=0xFFFFFF, itt=9, fields=bytes(f)) + b"y" * 1000)
        socks.append(s.sock)
    ok = all_closed(socks, 5)
    for s in socks:
        s.close()
    return ok == 20, "%d of 20 connections announcing a 16 MiB data segment closed" % ok


def huge_ahs(addr, target):
    socks = []
    for i in range(10):
        s = connect(addr)
        # TotalAHSLength 255 words, then less than announced, then silence until the login timeout
        s.sendall(bhs(0x43, 0x87, ahs=255) + b"\0" * 200)
        socks.append(s)
    before_login = all_closed(socks, 6)
    for s in socks:
        s.close()
    socks = []
    for i in range(10):
        s = Session(addr, target)
        s.login()
        f = bytearray(28)
        f[0:4] = b"\xff\xff\xff\xff"
        # a NOP-Out with 1020 bytes of AHS of a type nobody defined: answered (Reject or NOP-In) or closed
        s.send(bhs(0x40, 0x80, ahs=255, itt=9, fields=bytes(f)) + bytes([0, 0xFF, 0x7F, 0]) * 255)
        socks.append(s.sock)
    after_login = all_closed(socks, 5, answer_counts=True)
    for s in socks:
        s.close()
    return before_login == 10 and after_login == 10, "1020-byte AHS: %d of 10 connections closed before login " \
        "(the AHS never complete), %d of 10 answered or closed after login" % (before_login, after_login)


def truncated_pdus(addr, target):
    for i in range(50):
        s = connect(addr)
        s.sendall(bhs(0x43, 0x87, dsl=1000)[: (i % 47) + 1])
        s.close()
    for i in range(20):
        s = Session(addr, target)
        s.login()
        f = bytearray(28)
        f[0:4] = (4096).to_bytes(4, "big")
        s.send(bhs(0x01, 0xA1, dsl=4096, itt=5, fields=bytes(f))[:30 + i])
        s.close()
    return True, "70 connections closed in the middle of a PDU"


def idle_connections(addr, target, count=2000):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < count + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 200), hard))
    socks = []
    refused = 0
    for i in range(count):
        try:
            socks.append(connect(addr))
        except OSError:
            refused += 1
    # those over max_connections are closed at once, the rest when the login timeout runs out
    closed = all_closed(socks, 15)
    for s in socks:
        s.close()
    return closed == len(socks), "%d idle connections opened (%d refused by the system); %d still open after 15 s" % (
        len(socks), refused, len(socks) - closed)


def slow_headers(addr, target):
    socks = [connect(addr) for _ in range(20)]
    start = time.monotonic()
    header = bhs(0x43, 0x87, dsl=20)
    closed_at = [None] * len(socks)
    i = 0
    while time.monotonic() - start < 15 and any(c is None for c in closed_at):
        for k, s in enumerate(socks):
            if closed_at[k] is not None:
                continue
            try:
                s.sendall(header[i % 48:i % 48 + 1])
            except OSError:
                closed_at[k] = time.monotonic() - start
                continue
            if closed_by_target(s, 0.01):
                closed_at[k] = time.monotonic() - start
        i += 1
        time.sleep(0.4)
    for s in socks:
        s.close()
    worst = max(c if c is not None else 99 for c in closed_at)
    return worst < 10, "20 connections sending a header byte every 0.4 s: all dropped after %.1f s" % worst


def huge_edtl(addr, target):
    """WRITEs of 8 blocks and of everything with EDTL 0x7FFFFFF0 and no data, in many sessions at once."""
    sessions = []
    r2t_total = 0
    statuses = []
    for i in range(40):
        s = Session(addr, target)
        if s.login() != 0:
            return False, "login failed"
        sessions.append(s)
        for k in range(3):
            st, _, _, r2ts = s.command(cdb10(0x2A, 100 * k, 8), edtl=0x7FFFFFF0, send_data=False)
            r2t_total += sum(r2ts)
            statuses.append(st)
        # WRITE(16) of 2^32-1 blocks: beyond MAXIMUM TRANSFER LENGTH and the medium, answered at once
        st, _, sense, r2ts = s.command(cdb16(0x8A, 0, 0xFFFFFFFF), edtl=0x7FFFFFF0, send_data=False)
        statuses.append(st)
        if st != 0x02 or r2ts:
            return False, "WRITE(16) of 2^32-1 blocks: status %r, R2Ts %r" % (st, r2ts)
    for s in sessions:
        s.close()
    solicited_ok = r2t_total == 40 * 3 * 4096
    return solicited_ok, "120 WRITEs of 8 blocks with EDTL 0x7FFFFFF0 solicited %d bytes in all (4 KiB each); " \
        "40 WRITE(16) of 2^32-1 blocks got CHECK CONDITION without R2T" % r2t_total


def out_of_range(addr, target):
    s = Session(addr, target)
    s.login()
    s.command(bytes(6))  # unit attention
    checks = [
        ("READ(10) beyond the end", cdb10(0x28, 0xFFFFFFF0, 8), 4096, 0x21),
        ("READ(16) of 2^32-1 blocks", cdb16(0x88, 0, 0xFFFFFFFF), 65536, None),
        ("WRITE(10) beyond the end", cdb10(0x2A, 0xFFFFFFF0, 8), 0, 0x21),
        ("unknown opcode 0xC7", bytes([0xC7]) + bytes(15), 0, 0x20),
        ("INQUIRY with allocation length 65535", bytes([0x12, 0, 0, 0xFF, 0xFF, 0]), 65535, None),
    ]
    bad = []
    for name, cdb, read, asc in checks:
        if cdb[0] in (0x2A,):
            st, _, sense, _ = s.command(cdb, edtl=4096, send_data=False)
        else:
            st, _, sense, _ = s.command(cdb, read=read)
        if name.startswith("INQUIRY"):
            if st != 0:
                bad.append("%s: status %r" % (name, st))
            continue
        if st != 0x02 or (asc is not None and (len(sense) < 13 or sense[12] != asc)):
            bad.append("%s: status %r sense %s" % (name, st, sense[:14].hex()))
    # a LUN that does not exist
    st, _, sense, _ = s.command(bytes(6), lun=9)
    if st != 0x02 or len(sense) < 13 or sense[12] != 0x25:
        bad.append("TEST UNIT READY of LUN 9: status %r" % st)
    st, _, _, _ = s.command(bytes(6))
    s.close()
    return not bad and st == 0, "; ".join(bad) or "each out-of-range CDB got CHECK CONDITION with its sense; the session went on"


def parallel_clients(addr, target):
    errors = []
    counts = []

    def client(n):
        try:
            s = Session(addr, target)
            if s.login() != 0:
                errors.append("login")
                return
            s.command(bytes(6))
            done = 0
            rng = random.Random(SEED + n)
            end = time.monotonic() + 5
            while time.monotonic() < end:
                lba = rng.randrange(0, 30000)
                st, data, _, _ = s.command(cdb10(0x28, lba, 8), read=4096)
                if st != 0 or len(data) != 4096:
                    errors.append("read status %r" % st)
                    return
                done += 1
            counts.append(done)
            s.close()
        except Exception as e:  # noqa: a client's failure is reported, not raised
            errors.append(repr(e))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return not errors and len(counts) == 64, "64 parallel sessions did %d reads in 5 s; errors: %s" % (
        sum(counts), errors[:3] or "none")


# ------------------------------------------------------------------------------------------------ witness

PATTERN = bytes((i * 37 + 11) & 0xFF for i in range(64 * 512))


def witness_start(addr, target):
    s = Session(addr, target, isid=0x77)
    s.login()
    s.command(bytes(6))
    st, _, _, _ = s.command(cdb10(0x2A, 20000, 64), write=PATTERN)
    s.close()
    return st == 0, "wrote 32 KiB at LBA 20000 of LUN 0: status %r" % st


def witness_check(addr, target):
    s = Session(addr, target, isid=0x78)
    if s.login() != 0:
        return False, "login failed"
    s.command(bytes(6))
    st, data, _, _ = s.command(cdb10(0x28, 20000, 64), read=len(PATTERN))
    s.close()
    return st == 0 and data == PATTERN, "read back 32 KiB at LBA 20000: status %r, %s" % (
        st, "intact" if data == PATTERN else "DIFFERENT")


ATTACKS = {
    "random-bytes": random_bytes,
    "garbage-after-login": garbage_after_login,
    "huge-data-segment": huge_data_segment,
    "huge-ahs": huge_ahs,
    "truncated-pdus": truncated_pdus,
    "idle-connections": idle_connections,
    "slow-headers": slow_headers,
    "huge-edtl": huge_edtl,
    "out-of-range-cdbs": out_of_range,
    "parallel-clients": parallel_clients,
    "witness-start": witness_start,
    "witness-check": witness_check,
}


def main():
    if len(sys.argv) != 4 or sys.argv[3] not in ATTACKS:
        print("usage: robustness.py HOST:PORT TARGET-IQN {%s}" % ",".join(ATTACKS), file=sys.stderr)
        return 2
    host, port = sys.argv[1].rsplit(":", 1)
    random.seed(SEED)
    try:
        ok, what = ATTACKS[sys.argv[3]]((host, int(port)), sys.argv[2])
    except Exception as e:  # noqa: any failure of the client is a failed check, with its reason
        ok, what = False, "client failed: %r" % e
    print("%s: %s" % (sys.argv[3], what))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
