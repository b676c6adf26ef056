package sockkill.core;

import java.util.OptionalInt;

/** Whose fd tables to read for attribution: nobody's, one process's, or every process's. */
public record OwnerScope(boolean lookUp, OptionalInt pid) {
    public static OwnerScope none() {
        return new OwnerScope(false, OptionalInt.empty());
    }

    public static OwnerScope all() {
        return new OwnerScope(true, OptionalInt.empty());
    }

    public static OwnerScope pid(int pid) {
        return new OwnerScope(true, OptionalInt.of(pid));
    }
}
