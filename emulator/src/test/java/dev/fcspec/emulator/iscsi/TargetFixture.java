package dev.fcspec.emulator.iscsi;

import java.net.InetSocketAddress;
import java.util.function.Function;

/** A portal on 127.0.0.1 with an ephemeral port, one target backed by a {@link FakeScsiTarget}. */
final class TargetFixture implements AutoCloseable {
    static final String TARGET = "iqn.2024-01.dev.fcspec.test:disk";
    final FakeScsiTarget core = new FakeScsiTarget(0, 1);
    final IscsiTargetPortal portal;

    TargetFixture() {
        this(TargetSettings.DEFAULTS, c -> IscsiTargetDefinition.open(TARGET, c));
    }

    TargetFixture(TargetSettings settings) {
        this(settings, c -> IscsiTargetDefinition.open(TARGET, c));
    }

    TargetFixture(TargetSettings settings, Function<FakeScsiTarget, IscsiTargetDefinition> definition) {
        portal = IscsiTargetPortal.builder().bind("127.0.0.1", 0).settings(settings).target(definition.apply(core))
                .build().start();
    }

    InetSocketAddress address() {
        return portal.localAddress();
    }

    /** Waits (at most 10 seconds) until the core has run everything the portal handed it so far. */
    void settle() throws Exception {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        portal.coreScheduler().execute(() -> done.complete(null));
        done.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    RawIscsiClient client() throws java.io.IOException {
        return new RawIscsiClient(address());
    }

    @Override
    public void close() {
        portal.close();
    }
}
