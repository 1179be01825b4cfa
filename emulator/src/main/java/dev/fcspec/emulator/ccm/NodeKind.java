package dev.fcspec.emulator.ccm;

/** What a cluster partner is: another storage system, or an application server with an interconnect adapter. */
public enum NodeKind {
    STORAGE_SYSTEM(CcmProtocol.KIND_STORAGE_SYSTEM),
    APPLICATION_SERVER(CcmProtocol.KIND_APPLICATION_SERVER);

    private final int code;

    NodeKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static NodeKind fromCode(int code) {
        for (NodeKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new CcmProtocolException("node kind " + code + " is neither storage system (1) nor application server (2)");
    }
}
