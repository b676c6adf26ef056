package sockkill.proc;

import java.util.List;

/**
 * /proc/net/unix as read: its sockets, and how many lines looked like a socket but could not be told
 * from part of a name before them and were not confirmed, so were not taken for one.
 */
public record ProcNetUnixTable(List<ProcNetUnixEntry> entries, int unconfirmed) {
}
