package dev.fcspec.emulator.port.exchange;

/** Which end of an exchange this port is (F_CTL Exchange Context). */
public enum ExchangeRole {
    /** Opened the exchange and chose its OX_ID. */
    ORIGINATOR,
    /** Received the first sequence and assigned the RX_ID. */
    RESPONDER
}
