package dev.fcspec.steps.support;

/** A scenario registered a capture whose bytes could not be taken when the scenario ended. */
public class CaptureFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CaptureFailedException(String message) {
        super(message);
    }
}
