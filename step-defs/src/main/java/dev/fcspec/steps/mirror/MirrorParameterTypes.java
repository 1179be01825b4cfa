package dev.fcspec.steps.mirror;

import dev.fcspec.emulator.mirror.MirrorGroup;
import io.cucumber.java.ParameterType;
import java.util.Arrays;
import java.util.List;

/** Parameter types of the virtual SAN steps: lists of servers and the path mirror messages take. */
public class MirrorParameterTypes {

    /** "ms1 and ms2", "ms1, ms2 and ms3". */
    @ParameterType(name = "servers", value = "ms\\d+(?:(?:, | and )ms\\d+)+")
    public List<String> servers(String text) {
        return Arrays.stream(text.split(", | and ")).map(String::trim).toList();
    }

    /** "dedicated links" or "the shared network". */
    @ParameterType(name = "mirrorPath", value = "dedicated links|the shared network")
    public MirrorGroup.Path mirrorPath(String text) {
        return text.equals("dedicated links") ? MirrorGroup.Path.DEDICATED_LINK : MirrorGroup.Path.SHARED_NETWORK;
    }

    /** What the fabric's name server tells a server about its peer's port: "still registered" or "gone". */
    @ParameterType(name = "witnessAnswer", value = "still registered|gone")
    public dev.fcspec.emulator.mirror.TieBreakWitness.Answer witnessAnswer(String text) {
        return text.equals("gone") ? dev.fcspec.emulator.mirror.TieBreakWitness.Answer.NOT_REGISTERED
                : dev.fcspec.emulator.mirror.TieBreakWitness.Answer.REGISTERED;
    }

    /** "0 and 3", "0, 3 and 7": region numbers. */
    @ParameterType(name = "regions", value = "\\d+(?:(?:, | and )\\d+)*")
    public List<Long> regions(String text) {
        return Arrays.stream(text.split(", | and ")).map(String::trim).map(Long::parseLong).toList();
    }
}
