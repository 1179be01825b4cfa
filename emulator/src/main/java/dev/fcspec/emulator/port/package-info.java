/**
 * The port layer: physical N_Ports, NPIV virtual ports, remote ports and their login state machines.
 *
 * <ul>
 *   <li>{@link dev.fcspec.emulator.port.NPort}: a physical N_Port on a {@code LinkEnd}; {@code enable()} runs
 *       FLOGI, then (fabric) DNS PLOGI, RNN_ID, RSPN_ID, RFT_ID, RFF_ID, SCR and READY, or (another N_Port
 *       answered) point-to-point, where the higher WWPN takes 01.01.02 and logs in to 01.01.01.
 *       {@code disable()} logs out (LOGO to FFFFFE), {@code reset()} starts over.</li>
 *   <li>{@link dev.fcspec.emulator.port.VirtualPort}: NPIV, created with {@code NPort.createVport(wwpn, wwnn)};
 *       logs in with FDISC; {@link dev.fcspec.emulator.port.VportState} is what Linux shows in sysfs. The
 *       names live in the {@link dev.fcspec.emulator.port.VportEntry} of the physical port's
 *       {@link dev.fcspec.emulator.port.VportDatabase}; change them and call {@code relogin()}.</li>
 *   <li>{@link dev.fcspec.emulator.port.RemotePort}: one per remote N_Port_ID on each local port; PLOGI, PRLI
 *       (FCP), ADISC, LOGO, ECHO, RLS, RTV; its receive data field size and FC-4 image pairs.</li>
 *   <li>{@link dev.fcspec.emulator.port.Discovery}: target discovery (libfc {@code fc_disc}), off unless
 *       {@code PortConfig.withDiscovery(true)}: once READY on a fabric an FCP initiator sends GPN_FT for FCP,
 *       logs in to every port listed, drops the ports no longer listed, and starts again after each RSCN;
 *       {@link dev.fcspec.emulator.port.DiscoveryState} names its states.</li>
 *   <li>{@link dev.fcspec.emulator.port.LocalPort}: what both kinds of local port offer: {@code login(id)},
 *       {@code sendEls}, {@code sendCt}/{@code queryNameServer}, {@code registerFc4Handler(type, handler)},
 *       {@code originate(remote, type, handler)}, listeners.</li>
 * </ul>
 *
 * As a responder a local port answers PLOGI, PRLI, PRLO, LOGO, ADISC, PDISC, ECHO, RSCN, RLS and RTV, and
 * everything else with the LS_RJT FC-LS names (the codec's {@code ElsDecodeException} for bad payloads,
 * 0x09/0x1E for requests that need an N_Port login, 0x0B/0x00 for commands an N_Port does not serve); a
 * rejected request never changes the port's state.
 *
 * <p>Everything runs on the scheduler: call the ports from scheduler tasks, or, with a
 * {@code VirtualScheduler}, from the thread that drives it. Futures complete on the scheduler; watch state
 * through {@link dev.fcspec.emulator.port.PortListener}.
 */
package dev.fcspec.emulator.port;
