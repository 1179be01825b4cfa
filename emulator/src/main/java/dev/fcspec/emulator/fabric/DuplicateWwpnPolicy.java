package dev.fcspec.emulator.fabric;

/**
 * What the login server does with a FLOGI or FDISC whose port name (WWPN) is already logged in elsewhere in
 * the fabric (on another F_Port, or as another virtual N_Port of the same F_Port).
 *
 * <p>FC-LS lets the fabric either reject the new login or treat it as a move of the port and log the old one
 * out. A FDISC that carries the WWPN of the physical N_Port of its own F_Port is always rejected: replacing
 * that login would log out the requester itself.
 */
public enum DuplicateWwpnPolicy {
    /**
     * Keep the existing login and answer the new FLOGI/FDISC with LS_RJT reason 0x03 (logical error),
     * explanation 0x44 (invalid port/node name).
     */
    REJECT_NEW,
    /**
     * Implicitly log out the existing login (with its virtual ports, when it is a physical login), send the
     * RSCNs that removal causes, then accept the new login.
     */
    LOGOUT_EXISTING
}
