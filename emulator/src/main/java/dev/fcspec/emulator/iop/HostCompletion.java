package dev.fcspec.emulator.iop;

/**
 * What the I/O processor tells the process that asked (the "second message"): the request's message id,
 * its command, the outcome, and whether the remote adapter took part.
 *
 * @param messageId        the id of the process's request
 * @param command          the request's command
 * @param status           {@code IopProtocol.STATUS_*}
 * @param remoteCompleted  true when the remote adapter's completion was received for it
 * @param detail           a readable account
 * @param timeNanos        when, on the scheduler clock
 */
public record HostCompletion(int messageId, int command, int status, boolean remoteCompleted, String detail,
                             long timeNanos) {

    public boolean isGood() {
        return status == IopProtocol.STATUS_GOOD;
    }

    public String statusName() {
        return IopProtocol.statusName(status);
    }
}
