package dev.fcspec.emulator.scsi;

/** SAM task attributes. */
public enum TaskAttribute {
    SIMPLE, ORDERED, HEAD_OF_QUEUE, ACA
}
