package dev.fcspec.emulator.port.exchange;

import dev.fcspec.emulator.wire.FcId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The duplicate-request cache of one FC-4 on one local port: the first reply sequence sent to each recent
 * request, keyed by remote port and the request's identity, bounded by {@link DuplicateRequests#capacity()}.
 */
final class ReplyCache {

    /** The reply sequence as it was sent, cut to the same data field size. */
    record Reply(int rCtl, byte[] payload, boolean lastSequence, boolean transfersInitiative, int maxDataFieldSize) {
    }

    private record Key(FcId remote, Object identity) {
    }

    private record Entry(byte[] request, Reply reply) {
    }

    private final DuplicateRequests policy;
    private final Map<Key, Entry> entries;

    ReplyCache(DuplicateRequests policy) {
        this.policy = policy;
        int capacity = policy.capacity();
        this.entries = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The request's identity, or null when it is not to be cached. */
    Object identity(Sequence request) {
        return policy.identity().apply(request);
    }

    /** The reply already sent to the same request with the same bytes, or null. */
    Reply lookup(FcId remote, Object identity, byte[] request) {
        Entry e = entries.get(new Key(remote, identity));
        return e != null && Arrays.equals(e.request(), request) ? e.reply() : null;
    }

    void remember(FcId remote, Object identity, byte[] request, Reply reply) {
        Key k = new Key(remote, identity);
        entries.remove(k);
        entries.put(k, new Entry(request, reply));
    }

    int size() {
        return entries.size();
    }
}
