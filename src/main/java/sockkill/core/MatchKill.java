package sockkill.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import sockkill.proc.ProcFs;
import sockkill.proc.SocketOwners;

/**
 * The {@code match} use case, in one namespace or in every one: select the sockets the criteria
 * describe, refuse when more than {@code max} match (killing nothing), then destroy them namespace
 * by namespace, pipelined (or with a dry run check what the destroys would meet), and report each
 * socket acted on to the audit trail. With a limit every namespace is searched first and the kills
 * follow in a second walk, by the exact sockets (cookies) the first one selected; without one each
 * namespace's sockets die as soon as they are found.
 */
public final class MatchKill {
    /** What became of one socket, and in which namespace. */
    public record Item(NetnsRef netns, BulkKill.Outcome outcome) {
    }

    /**
     * Every socket matched, with its outcome; {@code unsearched} says which namespaces could not be
     * looked into (with every namespace), where more might have matched.
     */
    public record Result(List<Item> items, Optional<Problem> unsearched) {
    }

    private final ProcFs proc;
    private final KillAudit audit;
    private final String target;
    private BooleanSupplier stopped = () -> false;

    /** {@code target} names the kills in the audit trail ("match", "watch"). */
    public MatchKill(ProcFs proc, KillAudit audit, String target) {
        this.proc = proc;
        this.audit = audit;
        this.target = target;
    }

    /**
     * Stops a walk between namespaces once {@code stop} says so ({@code watch} on SIGTERM): the
     * namespace under way is finished, those left are not searched.
     */
    public MatchKill until(BooleanSupplier stop) {
        this.stopped = stop;
        return this;
    }

    /**
     * Selects and kills (or checks, with {@code dryRun}) in {@code where}.
     *
     * @throws Problem TOO_MANY, killing nothing, when more than {@code max} sockets match
     */
    public Result run(Namespaces where, MatchCriteria criteria, boolean dryRun, OptionalLong max)
            throws IOException, Problem {
        SocketMatcher matcher = new SocketMatcher(proc);
        SocketOwners owners = matcher.owners(criteria);
        List<Item> items = new ArrayList<>();
        if (max.isEmpty()) {
            where.forEach((session, netns) -> {
                if (!stopped.getAsBoolean()) {
                    act(session, netns, matcher.select(session, criteria, owners), dryRun, items);
                }
            });
            return new Result(items, where.unsearched());
        }
        Map<Long, List<ListedSocket>> found = new HashMap<>();
        int[] total = {0};
        where.forEach((session, netns) -> {
            List<ListedSocket> selected = matcher.select(session, criteria, owners);
            if (!selected.isEmpty()) {
                found.put(netns.inode(), selected);
                total[0] += selected.size();
            }
        });
        if (total[0] > max.getAsLong()) {
            throw new Problem(Problem.Kind.TOO_MANY, total[0] + " sockets match, more than --max " + max.getAsLong()
                    + "; nothing was killed");
        }
        Optional<Problem> unsearched = where.unsearched();
        if (!found.isEmpty()) {
            where.forEach((session, netns) -> {
                List<ListedSocket> selected = found.remove(netns.inode());
                if (selected != null) {
                    act(session, netns, selected, dryRun, items);
                }
            });
        }
        // a namespace that went away between the walks: its sockets went with it
        found.forEach((inode, gone) -> gone.forEach(l -> items.add(new Item(new NetnsRef(inode, null, 0),
                new BulkKill.Outcome(l, BulkKill.Result.GONE, Problem.Kind.NOT_FOUND, "its network namespace is gone")))));
        return new Result(items, unsearched);
    }

    private void act(NamespaceSession session, NetnsRef netns, List<ListedSocket> selected, boolean dryRun,
            List<Item> items) throws IOException {
        if (selected.isEmpty()) {
            return;
        }
        List<BulkKill.Outcome> outcomes = dryRun ? BulkKill.check(session, selected)
                : BulkKill.destroy(session, selected);
        for (BulkKill.Outcome o : outcomes) {
            items.add(new Item(netns, o));
            if (!dryRun) {
                audit.record(new KillAudit.Entry(target, switch (o.result()) {
                    case KILLED -> KillAudit.Outcome.KILLED;
                    case GONE -> KillAudit.Outcome.GONE;
                    case FAILED -> KillAudit.Outcome.FAILED;
                }, o.message(), o.socket().socket(), o.socket().owners(), netns));
            }
        }
    }
}
