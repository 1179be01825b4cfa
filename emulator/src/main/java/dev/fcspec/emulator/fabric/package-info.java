/**
 * An emulated Fibre Channel switch of one domain, after FC-SW-6 (switch fabric, Domain_ID and F_Port
 * addressing), FC-LS-4 (FLOGI, FDISC, LOGO, SCR, RSCN and their LS_RJT codes), FC-GS-8 (the directory
 * service's name server and its FS_RJT codes) and FC-FS-4 (framing, Class 3 discard). One block per file:
 * <ul>
 *   <li>{@link dev.fcspec.emulator.fabric.FabricSwitch}: the entry point; built from a
 *       {@link dev.fcspec.emulator.fabric.FabricConfig} and a scheduler, it owns the F_Ports and the blocks
 *       below, and offers the views: logins, SCR registrations, {@link dev.fcspec.emulator.fabric.FabricSwitch#state()}
 *       (everything the switch remembers, so a test can check that a rejected request changed nothing),
 *       {@link dev.fcspec.emulator.fabric.FabricSwitch#statistics() discard counters} and
 *       {@link dev.fcspec.emulator.fabric.FabricEvent}s for {@link dev.fcspec.emulator.fabric.FabricListener}s;</li>
 *   <li>{@code Router}: the frame path: frames to the well-known addresses go to their service, others are
 *       routed by D_ID between logged-in, zoned ports or discarded and counted;</li>
 *   <li>{@code LoginTable}: who is logged in where (N_Port_IDs, WWPNs, virtual ports per F_Port), logins and
 *       logouts with what they take with them;</li>
 *   <li>{@code LoginServer} (FFFFFE): FLOGI, FDISC (NPIV), LOGO;</li>
 *   <li>{@code NameServer} (FFFFFC, also the {@link dev.fcspec.emulator.fabric.NameServerView}): FC-CT
 *       GS_TYPE 0xFC subtype 0x02 registrations and queries;</li>
 *   <li>{@code FabricController} (FFFFFD): SCR registrations and RSCN origination, coalesced per recipient
 *       within one scheduler instant; N_Port-detected RSCNs forwarded;</li>
 *   <li>{@link dev.fcspec.emulator.fabric.Zoning}: WWPN zoning enforced in name-server answers and routing;
 *       a change sends RSCNs to the registered ports whose view changed.</li>
 * </ul>
 *
 * <p>The services are FC-4s of the switch's embedded N_Port, in libfc's model: each F_Port has an
 * {@link dev.fcspec.emulator.port.exchange.ExchangeManager} ({@link dev.fcspec.emulator.fabric.FPort#exchangeManager()})
 * through which they answer requests (X_IDs, duplicate requests dropped, ABTS answered BA_ACC or BA_RJT) and
 * originate RSCNs; the switch keeps no X_ID counter or exchange record of its own.
 *
 * <p>Nothing outside this package needs a switch: two N_Ports on a direct link log in point-to-point.
 *
 * <p>Threading: confined to the switch's scheduler, like the port layer. Frames arrive in scheduler tasks
 * (link delivery); configure the switch (attach, zoning) and read its views from scheduler tasks or, with a
 * {@code VirtualScheduler}, from its driving thread. Nothing here is locked.
 */
package dev.fcspec.emulator.fabric;
