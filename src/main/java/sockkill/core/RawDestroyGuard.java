package sockkill.core;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether a SOCK_DESTROY of a raw socket can only hit that socket. raw_diag (where a kernel has it,
 * CONFIG_INET_RAW_DIAG) is unlike the others: its destroy compares no cookie, and its lookup takes
 * the first raw socket of the protocol whose fields are each unset or equal to the request's (the
 * kernel's raw_v4_match: an unbound local address, no peer, no bound device all match anything).
 * So one raw socket's sockid can reach a sibling, and the check afterwards could not tell.
 *
 * <p>The destroy is allowed only when the kernel's own lookup of the same request (the dump_one a
 * SOCK_DIAG_BY_FAMILY makes, with raw_diag's destroy lookup) returns this very socket, inode and
 * cookie, and no other raw socket of the protocol in the namespace could match the request.
 * Whatever remains (a raw socket created in the instant between this check and the destroy) is the
 * kernel's to close: raw_diag offers nothing better.
 */
final class RawDestroyGuard {
    private RawDestroyGuard() {
    }

    /**
     * Empty when the destroy may go ahead; otherwise why not.
     *
     * @param kernelPick what the kernel's lookup of {@code target}'s sockid returned
     * @param sameProtocol every raw socket of {@code target}'s family and protocol (its "port")
     */
    static Optional<String> refusal(SocketEntry target, Optional<SocketEntry> kernelPick, List<SocketEntry> sameProtocol) {
        if (kernelPick.isEmpty()) {
            return Optional.of("the kernel's raw socket lookup does not find it");
        }
        SocketEntry pick = kernelPick.get();
        if (pick.inode() != target.inode() || pick.cookie() != target.cookie()) {
            return Optional.of("the kernel's raw socket lookup finds another raw socket (inode " + pick.inode()
                    + ") for its addresses, and raw_diag's destroy compares no cookie");
        }
        long others = sameProtocol.stream()
                .filter(s -> s.inode() != target.inode() || s.cookie() != target.cookie())
                .filter(s -> s.family() == target.family() && s.localPort() == target.localPort())
                .filter(s -> wouldMatch(s, target))
                .count();
        if (others > 0) {
            return Optional.of(others + (others == 1 ? " other raw socket" : " other raw sockets")
                    + " of the same protocol would match its addresses too (unbound fields match anything), and "
                    + "raw_diag's destroy compares no cookie");
        }
        return Optional.empty();
    }

    /**
     * Whether the kernel's raw lookup for {@code target}'s sockid (local address as laddr, peer as
     * raddr, bound device as dif) accepts {@code sibling}: each of the sibling's fields unset or equal.
     */
    static boolean wouldMatch(SocketEntry sibling, SocketEntry target) {
        return unsetOrEqual(sibling.peerAddressBytes(), target.peerAddressBytes())
                && unsetOrEqual(sibling.localAddressBytes(), target.localAddressBytes())
                && (sibling.tuple().interfaceIndex() == 0
                        || sibling.tuple().interfaceIndex() == target.tuple().interfaceIndex());
    }

    private static boolean unsetOrEqual(byte[] field, byte[] request) {
        return isUnset(field) || Arrays.equals(field, request);
    }

    private static boolean isUnset(byte[] address) {
        for (byte b : address) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
