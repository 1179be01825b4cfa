package dev.fcspec.emulator.scsi;

/** The command conflicts with a reservation: RESERVATION CONFLICT status, no sense data. */
public final class ReservationConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReservationConflictException(String why) {
        super(why, null, false, false);
    }
}
