/**
 * An emulated Fibre Channel switch.
 *
 * <p>{@link dev.fcspec.emulator.fabric.FabricSwitch} is the entry point: build it from a
 * {@link dev.fcspec.emulator.fabric.FabricConfig} and a scheduler, {@code attach} link ends to its F_Ports,
 * configure {@link dev.fcspec.emulator.fabric.FabricSwitch#zoning() zoning}, read the
 * {@link dev.fcspec.emulator.fabric.FabricSwitch#nameServer() name server}, logins, SCR registrations and
 * {@link dev.fcspec.emulator.fabric.FabricSwitch#statistics() discard counters}, and watch
 * {@link dev.fcspec.emulator.fabric.FabricEvent}s with a {@link dev.fcspec.emulator.fabric.FabricListener}.
 * {@link dev.fcspec.emulator.fabric.FabricSwitch#state()} snapshots everything the switch remembers, so a test can
 * check that a rejected request changed nothing.
 *
 * <p>Nothing outside this package needs a switch: two N_Ports on a direct link log in point-to-point.
 */
package dev.fcspec.emulator.fabric;
