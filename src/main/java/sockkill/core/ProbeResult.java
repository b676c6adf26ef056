package sockkill.core;

/**
 * One probed connection: what the probe found, and whether its keepalive settings are as they were.
 *
 * @param before the settings it had before the probe, null when it was not probed
 * @param restored true when the settings read back after the probe equal {@code before}; false
 *        when they could not all be put back (then {@code note} says what is left); null when
 *        nothing was changed, or the connection no longer exists
 * @param note what went wrong putting them back, empty otherwise
 */
public record ProbeResult(ProbeTarget target, PeerVerdict verdict, KeepaliveSettings before, Boolean restored,
        String note) {

    /**
     * "probed: peer silent for 2.0 s, connection timed out", "not probed: UDP has no keepalive...",
     * with a word on settings that could not be put back.
     */
    public String words() {
        String w = verdict.kind() == PeerVerdict.Kind.NOT_PROBED ? "not probed: " + verdict.words()
                : verdict.afterMillis() < 0 ? verdict.words() : "probed: " + verdict.words();
        return Boolean.FALSE.equals(restored) ? w + "; " + note : w;
    }
}
