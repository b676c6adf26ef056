package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Bind-mounted network namespace files, from /proc/self/mountinfo text as the kernel writes it. */
class NetnsMountsTest {
    @Test
    void netnsMountsAreFoundWithTheirNamespaceInode() {
        String mountinfo = String.join("\n",
                "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:5 - proc proc rw",
                // ip netns add: /run/netns is a shared tmpfs, each name a bind mount of an nsfs file
                "512 25 0:4 net:[4026532840] /run/netns/sk-it-a1b2c3 rw shared:271 - nsfs nsfs rw",
                "513 25 0:4 net:[4026532911] /run/netns/blue rw shared:272 - nsfs nsfs rw",
                // another kind of namespace bind-mounted: not a network one
                "514 25 0:4 mnt:[4026532999] /run/mntns/x rw - nsfs nsfs rw",
                // a mount point with a space, escaped as octal, and no optional fields
                "515 25 0:4 net:[4026533000] /srv/my\\040ns rw - nsfs nsfs rw",
                "");

        assertEquals(List.of(
                new NetnsMounts.Mount(Path.of("/run/netns/sk-it-a1b2c3"), 4026532840L),
                new NetnsMounts.Mount(Path.of("/run/netns/blue"), 4026532911L),
                new NetnsMounts.Mount(Path.of("/srv/my ns"), 4026533000L)), NetnsMounts.parse(mountinfo));
    }

    @Test
    void malformedLinesAreSkipped() {
        String mountinfo = String.join("\n",
                "garbage",
                "516 25 0:4 net:[4026533001] /a rw nsfs nsfs rw",          // no separator
                "517 25 0:4 net:[] /b rw - nsfs nsfs rw",                   // no inode
                "518 25 0:4 net:[12x] /c rw - nsfs nsfs rw",                // not a number
                "519 25 0:4 net:[4026533002] relative rw - nsfs nsfs rw",   // not absolute
                "520 25 0:4 net:[4026533003] /d\\04 rw - nsfs nsfs rw",     // a cut escape
                "521 25 0:4 net:[4026533004] /e rw -",                     // no file system type
                "522 25 0:4 net:[4026533005] /f rw - tmpfs tmpfs rw");     // not nsfs

        assertEquals(List.of(), NetnsMounts.parse(mountinfo));
    }

    @Test
    void escapesAreUndoneAndBadOnesRefused() {
        assertEquals("a b\tc\\d", NetnsMounts.unescape("a\\040b\\011c\\134d"));
        assertNull(NetnsMounts.unescape("a\\04"));
        assertNull(NetnsMounts.unescape("a\\09x"));
    }
}
