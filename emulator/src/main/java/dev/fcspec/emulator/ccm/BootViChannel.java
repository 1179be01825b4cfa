package dev.fcspec.emulator.ccm;

import dev.fcspec.emulator.ccm.CcmProtocol.BootStatus;
import dev.fcspec.emulator.ccm.CcmProtocol.Mailbox;
import dev.fcspec.emulator.ccm.CcmProtocol.Message;
import dev.fcspec.emulator.vi.Completion;
import dev.fcspec.emulator.vi.Descriptor;
import dev.fcspec.emulator.vi.FcviPort;
import dev.fcspec.emulator.vi.MemoryHandle;
import dev.fcspec.emulator.vi.MemoryRegion;
import dev.fcspec.emulator.vi.VirtualInterface;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The boot VI as the connection manager uses it: RDMA reads of the partner's boot status variable, RDMA
 * writes into its mailbox, session messages sent from the scratch memory, and this node's own status
 * variable. Each posted descriptor is tracked with the token of the attempt that posted it, so that a
 * completion arriving after a teardown is dropped.
 */
final class BootViChannel {

    private final ClusterConnectionManager ccm;
    private final FcviPort port;
    private final VirtualInterface bootVi;
    private final Map<Long, Consumer<Completion>> pending = new HashMap<>();
    private long nextDescriptor = 1;
    private int sendSlot;
    private MemoryRegion scratch;

    BootViChannel(ClusterConnectionManager ccm, FcviPort port, VirtualInterface bootVi) {
        this.ccm = ccm;
        this.port = port;
        this.bootVi = bootVi;
        bootVi.sendCompletions().addListener(this::onSendCompletion);
    }

    VirtualInterface bootVi() {
        return bootVi;
    }

    /** Forgets every descriptor in flight: their completions no longer lead anywhere. */
    void forgetPending() {
        pending.clear();
    }

    /** RDMA read of the partner's whole status variable into {@link CcmProtocol#READ_BUFFER}. */
    void readPartnerStatus(long t, Consumer<Completion> then) {
        long id = track(t, then);
        bootVi.post(new Descriptor.RdmaRead(id, scratchHandle(), CcmProtocol.READ_BUFFER, CcmProtocol.STATUS_LENGTH,
                CcmProtocol.STATUS_HANDLE, CcmProtocol.STATUS_ADDRESS));
    }

    /** What the last RDMA read brought; throws {@link CcmProtocolException} when it is not a status variable. */
    BootStatus partnerStatusRead() {
        return BootStatus.decode(port.memory().read(CcmProtocol.READ_BUFFER, CcmProtocol.STATUS_LENGTH));
    }

    /** RDMA write of a mailbox into the partner's status variable, the step as immediate data. */
    void writePartnerMailbox(long t, Mailbox m, Consumer<Completion> then) {
        port.memory().write(CcmProtocol.WRITE_BUFFER, m.encode());
        long id = track(t, then);
        bootVi.post(new Descriptor.RdmaWrite(id, scratchHandle(), CcmProtocol.WRITE_BUFFER, CcmProtocol.MAILBOX_LENGTH,
                CcmProtocol.STATUS_HANDLE, CcmProtocol.STATUS_ADDRESS + CcmProtocol.OFF_MAILBOX, m.step()));
    }

    /**
     * Sends a session message. A failed send ends the attempt, unless {@code always}: then {@code then} sees
     * every outcome. Otherwise {@code then} (if any) runs on success.
     */
    void send(long t, Message m, Consumer<Completion> then, boolean always) {
        if (!ccm.current(t)) {
            return;
        }
        byte[] data = m.encode();
        long slot = CcmProtocol.SEND_BUFFERS + (long) (sendSlot++ % CcmProtocol.SEND_SLOTS) * CcmProtocol.MESSAGE_SLOT;
        port.memory().write(slot, data);
        long id = track(t, c -> {
            if (!c.isSuccess() && !always) {
                ccm.attemptFailed(m.getClass().getSimpleName() + " not delivered: " + c.status());
                return;
            }
            if (then != null) {
                then.accept(c);
            }
        });
        bootVi.post(new Descriptor.Send(id, scratchHandle(), slot, data.length, null));
    }

    /** This node's status variable as it is in memory now. */
    BootStatus ownStatus() {
        return BootStatus.decode(port.memory().read(CcmProtocol.STATUS_ADDRESS, CcmProtocol.STATUS_LENGTH));
    }

    /** Rewrites this node's status variable: stage and acknowledgement (the mailbox is left as it is). */
    void writeOwnStatus(int stage, Mailbox acknowledged) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(acknowledged == null ? 0 : acknowledged.writer().asLong());
        b.putInt(acknowledged == null ? 0 : acknowledged.writerGeneration());
        b.putInt(acknowledged == null ? 0 : acknowledged.attempt());
        port.memory().write(CcmProtocol.STATUS_ADDRESS + CcmProtocol.OFF_STAGE,
                ByteBuffer.allocate(4).putInt(stage).array());
        port.memory().write(CcmProtocol.STATUS_ADDRESS + CcmProtocol.OFF_ACK_NODE, b.array());
    }

    private long track(long t, Consumer<Completion> then) {
        long id = nextDescriptor++;
        if (ccm.current(t)) {
            pending.put(id, then);
        }
        return id;
    }

    private void onSendCompletion(Completion c) {
        Consumer<Completion> then = pending.remove(c.descriptorId());
        if (then != null && !ccm.halted()) {
            then.accept(c);
        }
    }

    private MemoryHandle scratchHandle() {
        if (scratch == null) {
            scratch = port.regions().stream().filter(r -> r.address() == CcmProtocol.SCRATCH_ADDRESS).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the firmware registered no scratch memory"));
        }
        return scratch.handle();
    }
}
