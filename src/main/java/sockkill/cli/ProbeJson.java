package sockkill.cli;

import sockkill.core.KeepaliveSettings;
import sockkill.core.ProbeResult;

/**
 * A probe's result as a JSON object (README documents the fields):
 * {@code {"verdict", "after_ms", "words", "keepalive_before", "restored"}}.
 */
final class ProbeJson {
    private ProbeJson() {
    }

    /** The member {@code "probe": {...}} ({@code null} when there is no result). */
    static void member(JsonWriter json, ProbeResult r) {
        json.name("probe");
        object(json, r);
    }

    static void object(JsonWriter json, ProbeResult r) {
        if (r == null) {
            json.nullValue();
            return;
        }
        json.beginObject().field("verdict", r.verdict().kind().label());
        json.name("after_ms");
        if (r.verdict().afterMillis() < 0) {
            json.nullValue();
        } else {
            json.value(r.verdict().afterMillis());
        }
        json.field("words", r.words());
        json.name("keepalive_before");
        KeepaliveSettings k = r.before();
        if (k == null) {
            json.nullValue();
        } else {
            json.beginObject().field("keepalive", k.keepalive()).field("idle_s", k.idleSeconds())
                    .field("interval_s", k.intervalSeconds()).field("count", k.count())
                    .field("user_timeout_ms", k.userTimeoutMillis()).endObject();
        }
        json.name("restored");
        if (r.restored() == null) {
            json.nullValue();
        } else {
            json.value(r.restored());
        }
        json.endObject();
    }
}
