package dev.fcspec.emulator.port.els;

import dev.fcspec.emulator.wire.Wwn;
import java.util.Arrays;
import java.util.Objects;

/**
 * The 116-byte service parameters of FLOGI, FDISC, PLOGI and PDISC and of their LS_ACC (FC-LS; Linux
 * {@code struct fc_els_flogi}). In a fabric's FLOGI/FDISC LS_ACC the port name is the F_Port's name and the
 * node name is the fabric name.
 *
 * @param command       {@link ElsCommand#PLOGI}, FLOGI, FDISC, PDISC or LS_ACC
 * @param common        common service parameters
 * @param portName      N_Port_Name (WWPN) or F_Port name
 * @param nodeName      Node_Name (WWNN) or Fabric_Name
 * @param class1        Class 1 service parameters ({@link ClassServiceParameters#NOT_SUPPORTED} when unused)
 * @param class2        Class 2 service parameters
 * @param class3        Class 3 service parameters
 * @param class4        Class 4 service parameters
 * @param vendorVersion 16 bytes of vendor version level
 */
public record LoginParameters(int command, CommonServiceParameters common, Wwn portName, Wwn nodeName,
                              ClassServiceParameters class1, ClassServiceParameters class2,
                              ClassServiceParameters class3, ClassServiceParameters class4, byte[] vendorVersion)
        implements ElsPayload {

    public static final int LENGTH = 116;

    public LoginParameters {
        if (command != ElsCommand.PLOGI && command != ElsCommand.FLOGI && command != ElsCommand.FDISC
                && command != ElsCommand.PDISC && command != ElsCommand.LS_ACC) {
            throw new IllegalArgumentException("login parameters are not carried by " + ElsCommand.name(command));
        }
        Objects.requireNonNull(common, "common");
        ElsBytes.requireWwn8(portName, "port name");
        ElsBytes.requireWwn8(nodeName, "node name");
        Objects.requireNonNull(class1, "class1");
        Objects.requireNonNull(class2, "class2");
        Objects.requireNonNull(class3, "class3");
        Objects.requireNonNull(class4, "class4");
        vendorVersion = vendorVersion == null ? new byte[16] : vendorVersion.clone();
        if (vendorVersion.length != 16) {
            throw new IllegalArgumentException("vendor version level is 16 bytes, not " + vendorVersion.length);
        }
    }

    /** A Class 3 login with the given command and common service parameters. */
    public static LoginParameters of(int command, CommonServiceParameters common, Wwn portName, Wwn nodeName) {
        return new LoginParameters(command, common, portName, nodeName, ClassServiceParameters.NOT_SUPPORTED,
                ClassServiceParameters.NOT_SUPPORTED,
                ClassServiceParameters.class3(common.receiveDataFieldSize()), ClassServiceParameters.NOT_SUPPORTED,
                null);
    }

    /** PLOGI as an N_Port sends it. */
    public static LoginParameters plogi(Wwn portName, Wwn nodeName, int receiveDataFieldSize, int edTovMillis) {
        return of(ElsCommand.PLOGI, CommonServiceParameters.forPlogi(receiveDataFieldSize, edTovMillis), portName,
                nodeName);
    }

    /** FLOGI; {@code npiv} advertises that the N_Port supports multiple N_Port_IDs. */
    public static LoginParameters flogi(Wwn portName, Wwn nodeName, int receiveDataFieldSize, int edTovMillis,
                                        boolean npiv) {
        return of(ElsCommand.FLOGI, CommonServiceParameters.forFlogi(receiveDataFieldSize, edTovMillis, npiv),
                portName, nodeName);
    }

    /** FDISC for an NPIV virtual port. */
    public static LoginParameters fdisc(Wwn portName, Wwn nodeName, int receiveDataFieldSize, int edTovMillis) {
        return of(ElsCommand.FDISC, CommonServiceParameters.forFlogi(receiveDataFieldSize, edTovMillis, false),
                portName, nodeName);
    }

    /** The LS_ACC a fabric F_Port returns to FLOGI or FDISC. */
    public static LoginParameters fabricAcc(Wwn fPortName, Wwn fabricName, int receiveDataFieldSize,
                                            int raTovMillis, int edTovMillis, boolean npivAssignment) {
        return of(ElsCommand.LS_ACC, CommonServiceParameters.forFabricAcc(receiveDataFieldSize, raTovMillis,
                edTovMillis, npivAssignment), fPortName, fabricName);
    }

    /** The same parameters under another command code (e.g. LS_ACC for an answer). */
    public LoginParameters withCommand(int c) {
        return new LoginParameters(c, common, portName, nodeName, class1, class2, class3, class4, vendorVersion);
    }

    public LoginParameters withNames(Wwn port, Wwn node) {
        return new LoginParameters(command, common, port, node, class1, class2, class3, class4, vendorVersion);
    }

    public LoginParameters withCommon(CommonServiceParameters c) {
        return new LoginParameters(command, c, portName, nodeName, class1, class2, class3, class4, vendorVersion);
    }

    /**
     * The largest data field the sender can receive in Class 3: the common receive data field size, lowered
     * by the Class 3 value when Class 3 is valid (as Linux {@code fc_plogi_get_maxframe} does).
     */
    public int maxReceiveDataFieldSize() {
        int size = common.receiveDataFieldSize();
        if (class3.isValid() && class3.receiveDataFieldSize() < size) {
            size = class3.receiveDataFieldSize();
        }
        return size;
    }

    @Override
    public byte[] vendorVersion() {
        return vendorVersion.clone();
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        b[0] = (byte) command;
        common.writeTo(b, 4);
        portName.writeTo(b, 20);
        nodeName.writeTo(b, 28);
        class1.writeTo(b, 36);
        class2.writeTo(b, 52);
        class3.writeTo(b, 68);
        class4.writeTo(b, 84);
        System.arraycopy(vendorVersion, 0, b, 100, 16);
        return b;
    }

    /**
     * Decodes a login payload whose byte 0 must be {@code expectedCommand}.
     *
     * @throws ElsDecodeException for a wrong length (LS_RJT 0x03/0x2D), a bad receive data field size
     *                            (0x03/0x07), an invalid port name (0x03/0x0D) or node name (0x03/0x0E)
     */
    public static LoginParameters decode(byte[] p, int expectedCommand) {
        ElsBytes.requireExact(p, expectedCommand, LENGTH, ElsCommand.name(expectedCommand));
        int c = expectedCommand;
        CommonServiceParameters common = CommonServiceParameters.readFrom(p, 4, c);
        Wwn port = ElsBytes.portName(p, 20, c);
        Wwn node = ElsBytes.nodeName(p, 28, c);
        return new LoginParameters(c, common, port, node, ClassServiceParameters.readFrom(p, 36, c, 1),
                ClassServiceParameters.readFrom(p, 52, c, 2), ClassServiceParameters.readFrom(p, 68, c, 3),
                ClassServiceParameters.readFrom(p, 84, c, 4), Arrays.copyOfRange(p, 100, 116));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoginParameters l && command == l.command && common.equals(l.common)
                && portName.equals(l.portName) && nodeName.equals(l.nodeName) && class1.equals(l.class1)
                && class2.equals(l.class2) && class3.equals(l.class3) && class4.equals(l.class4)
                && Arrays.equals(vendorVersion, l.vendorVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, common, portName, nodeName, class1, class2, class3, class4)
                * 31 + Arrays.hashCode(vendorVersion);
    }

    @Override
    public String toString() {
        return ElsCommand.name(command) + "[wwpn=" + portName + " wwnn=" + nodeName + " " + common + " class3="
                + class3 + "]";
    }
}
