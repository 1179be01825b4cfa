package dev.fcspec.steps.scsi;

import dev.fcspec.steps.san.PortRef;
import io.cucumber.java.en.When;

/** SPC-2 reservations and SPC-4 persistent reservations between hosts. */
public class ReservationSteps {
    private static final int REGISTER = 0x00;
    private static final int RESERVE = 0x01;
    private static final int RELEASE = 0x02;
    private static final int PREEMPT = 0x04;
    private static final int WRITE_EXCLUSIVE = 0x1;
    private static final int EXCLUSIVE_ACCESS = 0x3;

    private final ScsiHosts hosts;

    public ReservationSteps(ScsiHosts hosts) {
        this.hosts = hosts;
    }

    @When("{port} reserves LUN {lun} through {port}")
    public void reserve(PortRef host, Integer lun, PortRef array) {
        hosts.run(host, "RESERVE(6)", hosts.initiator(host).command(hosts.addressOf(array), lun, Cdbs.reserve6()));
    }

    @When("{port} releases LUN {lun} through {port}")
    public void release(PortRef host, Integer lun, PortRef array) {
        hosts.run(host, "RELEASE(6)", hosts.initiator(host).command(hosts.addressOf(array), lun, Cdbs.release6()));
    }

    @When("{port} registers reservation key {word} on LUN {lun} through {port}")
    public void register(PortRef host, String key, Integer lun, PortRef array) {
        prOut(host, lun, array, REGISTER, 0, 0, Long.decode(key));
    }

    @When("{port} takes a write exclusive persistent reservation with key {word} on LUN {lun} through {port}")
    public void prReserveWriteExclusive(PortRef host, String key, Integer lun, PortRef array) {
        prOut(host, lun, array, RESERVE, WRITE_EXCLUSIVE, Long.decode(key), 0);
    }

    @When("{port} takes an exclusive access persistent reservation with key {word} on LUN {lun} through {port}")
    public void prReserveExclusive(PortRef host, String key, Integer lun, PortRef array) {
        prOut(host, lun, array, RESERVE, EXCLUSIVE_ACCESS, Long.decode(key), 0);
    }

    @When("{port} with key {word} preempts the write exclusive reservation of key {word} on LUN {lun} through {port}")
    public void preempt(PortRef host, String key, String victim, Integer lun, PortRef array) {
        prOut(host, lun, array, PREEMPT, WRITE_EXCLUSIVE, Long.decode(key), Long.decode(victim));
    }

    @When("{port} releases its write exclusive persistent reservation with key {word} on LUN {lun} through {port}")
    public void prRelease(PortRef host, String key, Integer lun, PortRef array) {
        prOut(host, lun, array, RELEASE, WRITE_EXCLUSIVE, Long.decode(key), 0);
    }

    private void prOut(PortRef host, int lun, PortRef array, int action, int type, long key, long saKey) {
        hosts.run(host, "PERSISTENT RESERVE OUT", hosts.initiator(host).write(hosts.addressOf(array), lun,
                Cdbs.persistentReserveOut(action, type), Cdbs.prOutParameters(key, saKey)));
    }
}
