package dev.fcspec.emulator.port;

import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.LsRjt;

/** An ELS request this port sent was answered with LS_RJT. */
public final class ElsRejectedException extends RuntimeException {
    private final int command;
    private final LsRjt reject;

    public ElsRejectedException(int command, LsRjt reject) {
        super(ElsCommand.name(command) + " rejected: " + reject);
        this.command = command;
        this.reject = reject;
    }

    public int command() {
        return command;
    }

    public LsRjt reject() {
        return reject;
    }
}
