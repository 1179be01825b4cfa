package dev.fcspec.emulator.mirror;

/**
 * One read or write a server's I/O driver executed for a host on the shared storage node.
 *
 * @param server     the server that received the request
 * @param initiator  the host port that sent it (its name as the front end gives it)
 * @param write      a write (else a read)
 * @param lba        first block
 * @param blocks     block count
 * @param servedFrom for a read, the server whose device supplied the data (this server, or the peer holding
 *                   the surviving copy); for a write, the server itself
 * @param receivedAt emulator time the request arrived
 * @param answeredAt emulator time the answer left
 * @param status     SCSI status of the answer
 */
public record ServedIo(String server, String initiator, boolean write, long lba, int blocks, String servedFrom,
                       long receivedAt, long answeredAt, int status) {
}
