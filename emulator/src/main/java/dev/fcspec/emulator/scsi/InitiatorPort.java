package dev.fcspec.emulator.scsi;

import java.util.Objects;

/**
 * An initiator port as the target core sees it.
 *
 * @param protocol the transport the initiator arrived on
 * @param name     the port name: a WWPN ({@code 21:00:00:24:ff:00:00:01}) for FCP, the iSCSI initiator
 *                 port name ({@code iqn.2004-10.com.example:host1,i,0x00023d000001}) for iSCSI
 * @param deviceName the initiator device name used for LUN masking: the WWPN again for FCP, the iSCSI
 *                 name without the ISID for iSCSI
 */
public record InitiatorPort(TransportProtocol protocol, String name, String deviceName) {
    public InitiatorPort {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(deviceName, "deviceName");
    }

    /**
     * The initiator port with the given port name, its device name derived: the WWPN for FCP, the iSCSI name
     * before {@code ,i,0x<ISID>} for iSCSI (RFC 7143 section 4.2.7.1).
     */
    public static InitiatorPort of(TransportProtocol protocol, String name) {
        String device = name;
        if (protocol == TransportProtocol.ISCSI) {
            int i = name.toLowerCase(java.util.Locale.ROOT).lastIndexOf(",i,0x");
            device = i < 0 ? name : name.substring(0, i);
        }
        return new InitiatorPort(protocol, name, device);
    }
}
