package sockkill.core;

/** Something a user should know about how complete a discovery was, e.g. a kind the kernel cannot dump. */
public record DiscoveryNote(Netid netid, String text) {
}
