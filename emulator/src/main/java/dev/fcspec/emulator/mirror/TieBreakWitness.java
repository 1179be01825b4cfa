package dev.fcspec.emulator.mirror;

import java.util.function.Consumer;

/**
 * The third party a server of a two-server group asks when it cannot reach its peer: is the peer gone (then
 * this server may go on alone), or are the two only cut apart (then only one of them may)? A server has no
 * majority to ask for with two members; the witness stands in for the missing third vote.
 */
public interface TieBreakWitness {

    /** What the witness knows about the peer. */
    enum Answer {
        /** The peer is still known to the witness: it is up, and the two servers are only cut apart. */
        REGISTERED,
        /** The witness does not know the peer any more: it is down. */
        NOT_REGISTERED,
        /** The witness could not be asked, or gave no usable answer: nothing is confirmed. */
        NO_ANSWER
    }

    /** Asks whether server {@code peer} is still there; {@code answer} receives the answer (once). */
    void ask(int peer, Consumer<Answer> answer);
}
