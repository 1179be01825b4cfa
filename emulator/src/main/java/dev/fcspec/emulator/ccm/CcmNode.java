package dev.fcspec.emulator.ccm;

import dev.fcspec.emulator.ccm.CcmProtocol.BootStatus;
import dev.fcspec.emulator.link.LinkEnd;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.time.Timer;
import dev.fcspec.emulator.vi.Completion;
import dev.fcspec.emulator.vi.Descriptor;
import dev.fcspec.emulator.vi.FcviPort;
import dev.fcspec.emulator.vi.HostMemory;
import dev.fcspec.emulator.vi.MemoryAttributes;
import dev.fcspec.emulator.vi.MemoryRegion;
import dev.fcspec.emulator.vi.ViAddress;
import dev.fcspec.emulator.vi.ViAttributes;
import dev.fcspec.emulator.vi.ViState;
import dev.fcspec.emulator.vi.VirtualInterface;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A cluster member as its interconnect sees it: node memory, an FC-VI port on the interconnect link, the
 * firmware that publishes the boot status variable and the boot VI at power-on, and a storage operating
 * system whose initialisation starts the cluster connection manager.
 *
 * <p>Power-on: the boot generation goes up by one (it survives power cycles, like NVRAM), memory is cleared,
 * the status variable is registered at its preset address (stage "firmware up") and the boot VI accepts the
 * partner's boot VI. After {@code osStartDelay} the operating system starts initialising: the connection
 * manager starts with the clients made by the client factories. After {@code osInitDuration} more the
 * operating system is fully up. A power failure stops everything at once: nothing more is sent.
 */
public final class CcmNode {

    private final Scheduler scheduler;
    private final String name;
    private final Wwn nodeName;
    private final NodeKind kind;
    private final FcId fcId;
    private final FcId partnerFcId;
    private final LinkEnd linkEnd;
    private final CcmConfig config;
    private final List<Supplier<CcmClient>> clientFactories = new ArrayList<>();
    private final Set<CcmFault> faults = EnumSet.noneOf(CcmFault.class);
    private Duration osStartDelay = Duration.ofMillis(2);
    private Duration osInitDuration = Duration.ofSeconds(5);

    private int generation;
    private int incarnation;
    private boolean powered;
    private HostMemory memory;
    private FcviPort port;
    private VirtualInterface bootVi;
    private MemoryRegion scratch;
    private ClusterConnectionManager ccm;
    private StorageOsState osState = StorageOsState.OFF;
    private final List<Timer> bootTimers = new ArrayList<>();
    private final List<CcmClient> currentClients = new ArrayList<>();
    private long framesDroppedWhileOff;
    private long poweredOnAt = -1;
    private long osStartedAt = -1;

    public CcmNode(Scheduler scheduler, String name, Wwn nodeName, NodeKind kind, FcId fcId, FcId partnerFcId,
                   LinkEnd linkEnd, CcmConfig config) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.name = Objects.requireNonNull(name, "name");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.fcId = Objects.requireNonNull(fcId, "fcId");
        this.partnerFcId = Objects.requireNonNull(partnerFcId, "partnerFcId");
        this.linkEnd = Objects.requireNonNull(linkEnd, "linkEnd");
        this.config = Objects.requireNonNull(config, "config");
        linkEnd.attach(this::receive);
    }

    public String name() {
        return name;
    }

    public Wwn nodeName() {
        return nodeName;
    }

    public NodeKind kind() {
        return kind;
    }

    public FcId fcId() {
        return fcId;
    }

    public CcmConfig config() {
        return config;
    }

    /** How long after power-on the storage operating system starts (and with it the connection manager). */
    public CcmNode osStartDelay(Duration d) {
        this.osStartDelay = Objects.requireNonNull(d);
        return this;
    }

    /** How long the operating system initialises before it is fully functioning. */
    public CcmNode osInitDuration(Duration d) {
        this.osInitDuration = Objects.requireNonNull(d);
        return this;
    }

    /** A client the operating system creates and registers at every boot. */
    public CcmNode addClient(Supplier<CcmClient> factory) {
        clientFactories.add(Objects.requireNonNull(factory));
        return this;
    }

    /** Gives this node's connection manager, now and at every later boot, a misbehaviour. */
    public CcmNode injectFault(CcmFault fault) {
        faults.add(Objects.requireNonNull(fault, "fault"));
        if (ccm != null) {
            ccm.injectFault(fault);
        }
        return this;
    }

    /** Removes a fault given with {@link #injectFault}. */
    public CcmNode clearFault(CcmFault fault) {
        faults.remove(fault);
        if (ccm != null) {
            ccm.clearFault(fault);
        }
        return this;
    }

    public boolean isPowered() {
        return powered;
    }

    public int generation() {
        return generation;
    }

    public StorageOsState osState() {
        return osState;
    }

    /** The memory of the current boot (null while off). */
    public HostMemory memory() {
        return memory;
    }

    public FcviPort port() {
        return port;
    }

    public VirtualInterface bootVi() {
        return bootVi;
    }

    /** The connection manager of the current boot, or null before the operating system starts. */
    public ClusterConnectionManager ccm() {
        return ccm;
    }

    /** The clients created at the current boot. */
    public List<CcmClient> clients() {
        return List.copyOf(currentClients);
    }

    public ViAddress bootViAddress() {
        return new ViAddress(fcId, CcmProtocol.BOOT_VI);
    }

    public ViAddress partnerBootViAddress() {
        return new ViAddress(partnerFcId, CcmProtocol.BOOT_VI);
    }

    /** This node's boot status variable as it is in memory now. */
    public BootStatus status() {
        if (memory == null) {
            throw new IllegalStateException(name + " is powered off");
        }
        return BootStatus.decode(memory.read(CcmProtocol.STATUS_ADDRESS, CcmProtocol.STATUS_LENGTH));
    }

    /** When the node was last powered on, on the scheduler's clock (-1 if never). */
    public long poweredOnAt() {
        return poweredOnAt;
    }

    /** When the storage operating system of the current boot began initialising (-1 if not yet). */
    public long osStartedAt() {
        return osStartedAt;
    }

    public long framesDroppedWhileOff() {
        return framesDroppedWhileOff;
    }

    /** Powers the node on: firmware up now, operating system after the start delay. */
    public void powerOn() {
        if (powered) {
            throw new IllegalStateException(name + " is already powered on");
        }
        powered = true;
        poweredOnAt = scheduler.nanoTime();
        osStartedAt = -1;
        generation++;
        int inc = ++incarnation;
        memory = new HostMemory(1 << 20);
        port = new FcviPort(scheduler, fcId, memory, f -> transmit(inc, f));
        port.registerMemory(CcmProtocol.STATUS_HANDLE, CcmProtocol.STATUS_ADDRESS, CcmProtocol.STATUS_LENGTH,
                MemoryAttributes.readWrite(CcmProtocol.BOOT_PTAG));
        memory.write(CcmProtocol.STATUS_ADDRESS, new BootStatus(CcmProtocol.STAGE_FIRMWARE_UP, generation,
                nodeName, kind, null, 0, 0, null).encode());
        scratch = port.registerMemory(CcmProtocol.SCRATCH_ADDRESS, CcmProtocol.SCRATCH_LENGTH,
                MemoryAttributes.localOnly(CcmProtocol.BOOT_PTAG));
        bootVi = port.createVi(CcmProtocol.BOOT_VI, ViAttributes.reliable(CcmProtocol.BOOT_PTAG));
        bootVi.acceptFrom(partnerBootViAddress());
        osState = StorageOsState.FIRMWARE;
        ccm = null;
        currentClients.clear();
        VirtualInterface vi = bootVi;
        vi.receiveCompletions().addListener(c -> onBootReceive(inc, c));
        vi.addStateListener((v, from, to) -> onBootViState(inc, from, to));
        topUpReceives(vi);
        bootTimers.add(scheduler.schedule(osStartDelay, () -> startOs(inc)));
    }

    /** A power failure: the node stops at once; frames for it are lost until it is powered on again. */
    public void powerOff() {
        if (!powered) {
            return;
        }
        powered = false;
        incarnation++;
        bootTimers.forEach(Timer::cancel);
        bootTimers.clear();
        if (ccm != null) {
            ccm.halt();
        }
        osState = StorageOsState.OFF;
        port = null;
        bootVi = null;
        memory = null;
    }

    /** Power cycle: off now, on again after {@code downtime}. */
    public void restart(Duration downtime) {
        powerOff();
        scheduler.schedule(downtime, this::powerOn);
    }

    private void startOs(int inc) {
        if (inc != incarnation) {
            return;
        }
        osState = StorageOsState.INITIALIZING;
        osStartedAt = scheduler.nanoTime();
        ClusterConnectionManager m = new ClusterConnectionManager(scheduler, port, bootVi, partnerBootViAddress(),
                nodeName, kind, generation, config);
        faults.forEach(m::injectFault);
        for (Supplier<CcmClient> f : clientFactories) {
            CcmClient c = f.get();
            currentClients.add(c);
            m.register(c);
        }
        ccm = m;
        bootTimers.add(scheduler.schedule(osInitDuration, () -> {
            if (inc == incarnation) {
                osState = StorageOsState.FULLY_UP;
            }
        }));
        m.start();
    }

    private void receive(Frame f) {
        if (!powered) {
            framesDroppedWhileOff++;
            return;
        }
        port.receive(f);
    }

    private void transmit(int inc, Frame f) {
        if (powered && inc == incarnation) {
            linkEnd.send(f);
        }
    }

    private void onBootReceive(int inc, Completion c) {
        if (inc != incarnation) {
            return;
        }
        ClusterConnectionManager m = ccm;
        topUpReceives(bootVi);
        if (m != null) {
            m.onReceiveCompletion(c);
        }
    }

    private void onBootViState(int inc, ViState from, ViState to) {
        if (inc != incarnation) {
            return;
        }
        ClusterConnectionManager m = ccm;
        if (to == ViState.IDLE) {
            topUpReceives(bootVi);
        }
        if (m != null) {
            m.onBootViState(from, to);
        }
    }

    /** Keeps a receive descriptor posted in every receive slot of the boot VI. */
    private void topUpReceives(VirtualInterface vi) {
        MemoryRegion s = scratch;
        int slot = 0;
        while (vi.postedReceives() < CcmProtocol.RECEIVE_SLOTS) {
            long addr = CcmProtocol.RECEIVE_BUFFERS + (long) ((receiveSlot++) % CcmProtocol.RECEIVE_SLOTS)
                    * CcmProtocol.MESSAGE_SLOT;
            vi.post(new Descriptor.Receive(0x10000L + receiveSlot, s.handle(), addr, CcmProtocol.MESSAGE_SLOT));
            if (++slot > CcmProtocol.RECEIVE_SLOTS) {
                break;
            }
        }
    }

    private int receiveSlot;

    @Override
    public String toString() {
        return "CcmNode[" + name + " " + nodeName + " " + fcId + (isPowered() ? " on" : " off") + "]";
    }
}
