package sockkill.it;

/**
 * Two throwaway namespaces joined by a veth link: the client side 10.77.0.1 / fd77::1 and the
 * server side 10.77.0.2 / fd77::2. {@link #cutServerLink()} makes the server vanish the way a
 * peer does after a network fault: no RST, no FIN, nothing.
 */
final class VethPair implements AutoCloseable {
    static final String CLIENT4 = "10.77.0.1";
    static final String SERVER4 = "10.77.0.2";
    static final String CLIENT6 = "fd77::1";
    static final String SERVER6 = "fd77::2";

    private final Netns client;
    private final Netns server;

    private VethPair(Netns client, Netns server) {
        this.client = client;
        this.server = server;
    }

    static VethPair create() {
        Netns client = Netns.create();
        Netns server = null;
        try {
            server = Netns.create();
            for (Netns ns : new Netns[] {client, server}) {
                // IPv6 addresses otherwise vanish when the link goes down, and would not come back up
                ns.exec("sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/default/keep_addr_on_down").requireSuccess();
            }
            Proc.run("ip", "link", "add", "skc", "netns", client.name(), "type", "veth", "peer", "name", "sks",
                    "netns", server.name()).requireSuccess();
            client.exec("ip", "addr", "add", CLIENT4 + "/24", "dev", "skc").requireSuccess();
            client.exec("ip", "addr", "add", CLIENT6 + "/64", "dev", "skc", "nodad").requireSuccess();
            client.exec("ip", "link", "set", "skc", "up").requireSuccess();
            server.exec("ip", "addr", "add", SERVER4 + "/24", "dev", "sks").requireSuccess();
            server.exec("ip", "addr", "add", SERVER6 + "/64", "dev", "sks", "nodad").requireSuccess();
            server.exec("ip", "link", "set", "sks", "up").requireSuccess();
            // Pinned neighbours: with the link down a connect's SYN is still sent (and lost) and
            // retransmitted, as with a vanished peer, instead of failing on address resolution.
            pinNeighbours(client, "skc", server, "sks", SERVER4, SERVER6);
            pinNeighbours(server, "sks", client, "skc", CLIENT4, CLIENT6);
            return new VethPair(client, server);
        } catch (RuntimeException | AssertionError e) {
            client.close();
            if (server != null) {
                server.close();
            }
            throw e;
        }
    }

    private static void pinNeighbours(Netns here, String device, Netns there, String theirDevice, String... addresses) {
        String out = there.exec("ip", "-o", "link", "show", theirDevice).requireSuccess().out();
        String mac = out.replaceAll("(?s).*link/ether ([0-9a-f:]{17}).*", "$1");
        for (String address : addresses) {
            here.exec("ip", "neigh", "replace", address, "lladdr", mac, "dev", device, "nud", "permanent")
                    .requireSuccess();
        }
    }

    Netns client() {
        return client;
    }

    Netns server() {
        return server;
    }

    /** The server's end of the link goes down: its packets stop, and so do ours to it. */
    void cutServerLink() {
        server.exec("ip", "link", "set", "sks", "down").requireSuccess();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
