package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.port.NPort;

/**
 * What a server losing and regaining power does to the cables of its ports. The bench that cabled the ports
 * knows their far ends: when a server goes down its links go dark, so the switch sees its F_Port go offline
 * (it logs the port out, removes its name-server entry and sends RSCNs) and the server at the other end of a
 * dedicated link sees nothing more arrive; when the server comes back the links light up again.
 */
public interface PortPower {

    /** Leaves the cables as they are: the ports only fall silent (for groups built without a bench). */
    PortPower NONE = new PortPower() {
        @Override
        public void dark(NPort port) {
        }

        @Override
        public void light(NPort port) {
        }
    };

    /** The port's link goes dark. */
    void dark(NPort port);

    /** The port's link lights up again (the port itself logs in afresh afterwards). */
    void light(NPort port);
}
