package dev.fcspec.emulator.appliance;

/** A proxy message that came over the interconnect is malformed; the message names the defect. */
public final class ProxyDecodeException extends RuntimeException {
    public ProxyDecodeException(String message) {
        super(message);
    }
}
