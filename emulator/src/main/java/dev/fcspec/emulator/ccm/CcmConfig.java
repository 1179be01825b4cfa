package dev.fcspec.emulator.ccm;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a cluster connection manager.
 *
 * @param retryInterval     pause between two attempts to reach the partner
 * @param maxAttempts       attempts before the manager gives up ({@link SessionState#FAILED})
 * @param ackPollInterval   pause between second reads while the partner has not acknowledged yet
 * @param ackPolls          second reads before the attempt is abandoned
 * @param sessionTimeout    longest time from the first read to READY, and for a responder to be confirmed
 * @param lowestVersion     lowest session protocol version this side speaks
 * @param highestVersion    highest session protocol version this side speaks
 */
public record CcmConfig(Duration retryInterval, int maxAttempts, Duration ackPollInterval, int ackPolls,
                        Duration sessionTimeout, int lowestVersion, int highestVersion) {

    public static final CcmConfig DEFAULT = new CcmConfig(Duration.ofMillis(20), 25, Duration.ofMillis(1), 20,
            Duration.ofMillis(200), 1, 3);

    public CcmConfig {
        Objects.requireNonNull(retryInterval, "retryInterval");
        Objects.requireNonNull(ackPollInterval, "ackPollInterval");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        if (maxAttempts < 1 || ackPolls < 1) {
            throw new IllegalArgumentException("at least one attempt and one acknowledgement poll");
        }
        if (lowestVersion < 1 || highestVersion < lowestVersion || highestVersion > 0xFFFF) {
            throw new IllegalArgumentException("version range " + lowestVersion + ".." + highestVersion + " is empty");
        }
    }

    public CcmConfig withVersions(int lowest, int highest) {
        return new CcmConfig(retryInterval, maxAttempts, ackPollInterval, ackPolls, sessionTimeout, lowest, highest);
    }

    public CcmConfig withRetries(Duration interval, int attempts) {
        return new CcmConfig(interval, attempts, ackPollInterval, ackPolls, sessionTimeout, lowestVersion,
                highestVersion);
    }
}
