package dev.fcspec.emulator.link;

/** Frame counters of one link, for steps that check what crossed it. */
public record LinkStatistics(long transmitted, long delivered, long dropped, long duplicated, long corrupted,
                             long delayed) {
}
