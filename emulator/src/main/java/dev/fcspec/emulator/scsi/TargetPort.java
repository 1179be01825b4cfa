package dev.fcspec.emulator.scsi;

import java.util.Objects;

/**
 * A target port of the target core.
 *
 * @param protocol       transport
 * @param name           WWPN for FCP; iSCSI target port name ({@code iqn...,t,0x0001}) for iSCSI
 * @param relativePortId RELATIVE TARGET PORT IDENTIFIER reported in VPD 0x83 and REPORT TARGET PORT GROUPS
 */
public record TargetPort(TransportProtocol protocol, String name, int relativePortId) {
    public TargetPort {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(name, "name");
        if (relativePortId < 1 || relativePortId > 0xFFFF) {
            throw new IllegalArgumentException("relative port id out of range 1..65535: " + relativePortId);
        }
    }
}
