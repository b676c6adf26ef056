package sockkill.cli;

import sockkill.core.Digits;

/** Parsing of the numbers a user types: pids, fds, inodes. A bad one is a usage error naming what was wrong. */
final class Numbers {
    private Numbers() {
    }

    static int parse(String what, String text) {
        long v = parseLong(what, text, Integer.MAX_VALUE);
        if (v < 1) {
            throw new UsageError("invalid " + what + " '" + text + "': must be at least 1");
        }
        return (int) v;
    }

    static int parseFd(String text) {
        return (int) parseLong("fd", text, Integer.MAX_VALUE);
    }

    static long parseInode(String text) {
        long v = parseLong("inode", text, 0xffff_ffffL);
        if (v == 0) {
            throw new UsageError("invalid inode '0': sockets have inodes from 1");
        }
        return v;
    }

    static long parseLong(String what, String text, long max) {
        if (!Digits.isDecimal(text) || text.length() > 18) {
            throw new UsageError("invalid " + what + " '" + text + "': expected a non-negative number");
        }
        long v = Long.parseLong(text);
        if (v > max) {
            throw new UsageError("invalid " + what + " '" + text + "': at most " + max);
        }
        return v;
    }
}
