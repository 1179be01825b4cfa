package dev.fcspec.emulator.port;

import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.LsRjt;
import java.util.Optional;

/** A login (FLOGI, FDISC, PLOGI, PRLI) that did not succeed: rejected with LS_RJT, refused, or never answered. */
public final class LoginFailedException extends RuntimeException {
    private final int command;
    private final LsRjt reject;

    public LoginFailedException(int command, LsRjt reject, String message) {
        super(ElsCommand.name(command) + " failed: " + message + (reject != null ? " (" + reject + ")" : ""));
        this.command = command;
        this.reject = reject;
    }

    public int command() {
        return command;
    }

    /** The LS_RJT the other side answered with, when it did. */
    public Optional<LsRjt> reject() {
        return Optional.ofNullable(reject);
    }
}
