package dev.fcspec.emulator.port;

import dev.fcspec.emulator.port.ct.NameServerReply;
import java.util.Optional;

/** Discovery could not learn the fabric's ports from the name server after its retries. */
public final class DiscoveryFailedException extends RuntimeException {

    /** Why the last GPN_FT attempt failed. */
    public enum Reason {
        /** The name server answered FS_RJT with a reason other than "no FC-4 TYPEs / no objects registered". */
        NAME_SERVER_REJECTED,
        /** No answer within the CT timeout (or the exchange was aborted). */
        NO_ANSWER,
        /** The answer was not a valid GPN_FT FS_ACC or FS_RJT (a {@code CtDecodeException}). */
        UNDECODABLE_ANSWER
    }

    private final Reason reason;
    private final transient NameServerReply.Rejected reject;
    private final int attempts;

    public DiscoveryFailedException(Reason reason, NameServerReply.Rejected reject, int attempts, String message) {
        super("discovery failed after " + attempts + " GPN_FT attempt" + (attempts == 1 ? "" : "s") + ": "
                + reason + ": " + message);
        this.reason = reason;
        this.reject = reject;
        this.attempts = attempts;
    }

    public Reason reason() {
        return reason;
    }

    /** The FS_RJT of the last attempt, when the name server rejected it. */
    public Optional<NameServerReply.Rejected> reject() {
        return Optional.ofNullable(reject);
    }

    /** GPN_FT requests sent before giving up. */
    public int attempts() {
        return attempts;
    }
}
