package dev.fcspec.emulator.scsi;

/** SCSI transport protocol identifiers (SPC-4 table "PROTOCOL IDENTIFIER values"). */
public enum TransportProtocol {
    FCP(0x0),
    ISCSI(0x5);

    private final int protocolIdentifier;

    TransportProtocol(int protocolIdentifier) {
        this.protocolIdentifier = protocolIdentifier;
    }

    /** The protocol with this PROTOCOL IDENTIFIER, or null when it is none of these. */
    public static TransportProtocol of(int protocolIdentifier) {
        for (TransportProtocol p : values()) {
            if (p.protocolIdentifier == protocolIdentifier) {
                return p;
            }
        }
        return null;
    }

    /** The 4-bit PROTOCOL IDENTIFIER used in TransportIDs and designation descriptors. */
    public int protocolIdentifier() {
        return protocolIdentifier;
    }
}
