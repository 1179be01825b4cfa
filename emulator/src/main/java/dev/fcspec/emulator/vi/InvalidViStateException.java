package dev.fcspec.emulator.vi;

/** A VI operation asked in a state that does not allow it (for example connecting a VI that is Connected). */
public final class InvalidViStateException extends IllegalStateException {
    private final ViAddress vi;
    private final ViState state;

    public InvalidViStateException(ViAddress vi, ViState state, String operation) {
        super(operation + " is not allowed on " + vi + " in state " + state);
        this.vi = vi;
        this.state = state;
    }

    public ViAddress vi() {
        return vi;
    }

    public ViState state() {
        return state;
    }
}
