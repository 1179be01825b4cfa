package dev.fcspec.emulator.port.exchange;

import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.wire.FcId;
import java.time.Duration;

/**
 * What an FC-4 needs of the port it runs on: its N_Port_ID, exchanges it opens, and the exchanges remote
 * ports open with frames of its TYPE. The same FC-4 runs on a logged-in N_Port or NPIV port of a fabric
 * ({@code LocalPort.fc4Port()}) and on a port at a fixed address on a dedicated link
 * ({@link DedicatedLinkPort}); either way its exchanges are the port's exchange manager's.
 */
public interface Fc4Port {

    Scheduler scheduler();

    /** The N_Port_ID frames of this port carry as S_ID. */
    FcId localId();

    ExchangeManager exchangeManager();

    /** Opens an exchange with {@code remote} for FC-4 {@code type}; send its sequences with {@link Exchange#send}. */
    Exchange originate(FcId remote, int type, SequenceHandler handler);

    /** Serves FC-4 {@code type}: exchanges remote ports open with it go to {@code service}. */
    void serve(int type, Fc4Service service);

    /** Stops serving FC-4 {@code type}; exchanges in progress are left to the exchange manager. */
    void stopServing(int type);

    /**
     * Sends a request sequence on a new exchange (libfc's {@code fc_exch_seq_send}): the replies go to
     * {@code handler}, and the exchange is aborted (ABTS, {@link SequenceHandler#onAborted} with
     * {@link ExchangeException.Cause#TIMEOUT}) unless it ends within {@code timeout}.
     *
     * @throws ExchangeException NO_EXCHANGE_RESOURCES when every X_ID is in use
     */
    default Exchange sendRequest(FcId remote, int type, int rCtl, byte[] payload, Duration timeout,
                                 SequenceHandler handler) {
        Exchange e = originate(remote, type, handler);
        e.setTimeout(timeout);
        e.send(rCtl, payload);
        return e;
    }
}
