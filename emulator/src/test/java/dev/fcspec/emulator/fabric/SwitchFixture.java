package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.Wwn;
import java.util.ArrayList;
import java.util.List;

/** A switch on virtual time with fake N_Ports attached by raw links. */
class SwitchFixture {

    static final Wwn SWITCH_NAME = Wwn.parse("10:00:00:05:33:a0:00:01");
    static final Wwn FABRIC_NAME = Wwn.parse("10:00:00:05:33:a0:ff:ff");

    final VirtualScheduler scheduler = new VirtualScheduler(42);
    final FabricSwitch fabric;
    final List<FabricEvent> events = new ArrayList<>();

    SwitchFixture() {
        this(FabricConfig.defaults("sw1", 0x01, SWITCH_NAME).withFabricName(FABRIC_NAME));
    }

    SwitchFixture(FabricConfig config) {
        fabric = new FabricSwitch(scheduler, config);
        fabric.addListener(events::add);
    }

    /** A fake N_Port on F_Port {@code n}. */
    FakeNPort attach(int n) {
        Link link = new Link(scheduler, "np" + n);
        fabric.attach(n, link.b());
        return new FakeNPort(scheduler, link.a());
    }

    /** Host-style names: port 10:00:00:00:c9:00:hh:ii, node 20:00:00:00:c9:00:hh:ii. */
    static Wwn wwpn(int host, int index) {
        return Wwn.of(0x10000000c9000000L | (host & 0xFF) << 8 | index & 0xFF);
    }

    static Wwn wwnn(int host, int index) {
        return Wwn.of(0x20000000c9000000L | (host & 0xFF) << 8 | index & 0xFF);
    }

    /** NPIV-style names: NAA 2 with the vport index in the vendor field. */
    static Wwn vportWwpn(int host, int vport) {
        return Wwn.of(0x2000000000000000L | (long) (vport & 0xFFF) << 48 | 0xc9000000L | (host & 0xFF) << 8 | 0x01);
    }

    static Wwn vportWwnn(int host, int vport) {
        return Wwn.of(0x2000000000000000L | (long) (vport & 0xFFF) << 48 | 0x0c9000000L | (host & 0xFF) << 8 | 0x02);
    }
}
