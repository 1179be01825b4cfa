package dev.fcspec.emulator.iop;

/**
 * Something an I/O processor reports: operations it performed for a remote node, and every protocol fault
 * it detected (lost, duplicated or unmatched messages, unknown commands).
 *
 * @param timeNanos when, on the scheduler clock
 * @param kind      what happened
 * @param messageId the message id concerned
 * @param command   the command concerned
 * @param detail    a readable account
 */
public record IopEvent(long timeNanos, Kind kind, int messageId, int command, String detail) {

    public enum Kind {
        /** A request from a process was performed locally (the first data storage-related operation). */
        LOCAL_OPERATION,
        /** A request from a remote adapter was performed on this adapter's storage. */
        REMOTE_OPERATION,
        /** A request arrived again (retransmission or duplicated frame): answered again, not applied. */
        DUPLICATE_REQUEST,
        /** A completion arrived for a request already completed: ignored. */
        DUPLICATE_COMPLETION,
        /** A completion whose message id matches no request sent (message-id mismatch): ignored. */
        UNMATCHED_COMPLETION,
        /** A completion whose message id matches but whose command or node addresses do not: ignored. */
        COMPLETION_MISMATCH,
        /** A request with a command this I/O processor does not know: answered UNKNOWN_COMMAND. */
        UNKNOWN_COMMAND,
        /** A request addressed to another node: answered NOT_FOR_THIS_NODE. */
        NOT_FOR_THIS_NODE,
        /** No completion in time: the request was sent again with the same message id. */
        RETRANSMISSION,
        /** No completion after every retransmission: the process was told REMOTE_TIMEOUT. */
        REMOTE_TIMEOUT,
        /** A frame of TYPE 0xE0 that did not decode. */
        MALFORMED_MESSAGE,
        /** A process request refused before any work (message id in use, bad parameters). */
        REQUEST_REFUSED,
        /** The process was told the outcome of its request. */
        PROCESS_NOTIFIED
    }
}
