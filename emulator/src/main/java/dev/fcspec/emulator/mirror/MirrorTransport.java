package dev.fcspec.emulator.mirror;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How a server's mirror engine reaches the other servers of its group: a dedicated link per peer, or the
 * shared network (the fabric that also carries the hosts' traffic). Request and reply travel in one exchange.
 */
public interface MirrorTransport {

    /** Receives requests from peers. */
    @FunctionalInterface
    interface Receiver {
        /**
         * A request arrived. {@code fromServer} is the sender's server id, or -1 when the sender is not a
         * known member; {@code reply} sends the reply (once).
         */
        void onRequest(int fromServer, byte[] payload, Consumer<byte[]> reply);
    }

    /** Starts handing requests from peers to {@code receiver}. */
    void start(Receiver receiver);

    /**
     * Sends a request to {@code peer}; {@code onReply} receives the reply payload, or {@code onFailure} the
     * reason none came within {@code timeout} (or the exchange failed). Exactly one of them runs.
     */
    void request(int peer, byte[] payload, Duration timeout, Consumer<byte[]> onReply, Consumer<Throwable> onFailure);

    /** Stops receiving. */
    void stop();

    /**
     * Re-establishes what the transport needs to reach the peers after this server's links were down (for FC
     * ports: each port logged in again, then PLOGI to each peer port not logged in); {@code then} runs once
     * done, whether or not every peer could be reached.
     */
    default void reconnect(Runnable then) {
        then.run();
    }
}
