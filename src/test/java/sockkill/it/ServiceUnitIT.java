package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/systemd/sockkill-watch.service passes systemd-analyze verify, with not a word (systemd
 * only warns about a line it cannot parse, and still exits 0): every directive known, its
 * Documentation= man page found (the generated one), its command there. The unit names
 * /usr/bin/sockkill, where the package puts it; the copy verified names the built launcher instead.
 */
class ServiceUnitIT {
    private static final Path UNIT = Host.PROJECT.resolve("packaging/systemd/sockkill-watch.service");
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @Test
    void theUnitVerifiesCleanly(@TempDir Path dir) throws Exception {
        Host.requireRootAndBuild();
        if (!Files.isExecutable(ANALYZE)) {
            throw new AssertionError("systemd-analyze is missing: apt-get install systemd (.ci/run does)");
        }
        String unit = Files.readString(UNIT);
        assertTrue(unit.contains("\nExecStart=/usr/bin/sockkill watch "), "the package's launcher: " + unit);
        Path copy = dir.resolve("sockkill-watch.service");
        Files.writeString(copy, unit.replace("/usr/bin/sockkill", Host.LAUNCHER.toString()));
        Path man = dir.resolve("man/man8");
        Files.createDirectories(man);
        Files.copy(Host.PROJECT.resolve("target/doc/sockkill.8"), man.resolve("sockkill.8"));

        Proc.Result r = Proc.run(Map.of("MANPATH", dir.resolve("man").toString()),
                java.util.List.of(ANALYZE.toString(), "verify", copy.toString()));
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.out() + r.err(), r::toString);
    }
}
