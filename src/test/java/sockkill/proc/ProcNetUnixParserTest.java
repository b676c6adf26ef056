package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

import org.junit.jupiter.api.Test;

/**
 * /proc/net/unix with names chosen by a hostile local user: the kernel prints a socket's name raw,
 * line feeds included, so a name can carry text that looks like another socket's record. The byte
 * fixtures are what the kernel prints for such sockets (seq_printf "%pK: %08X %08X %08X %04X %02X
 * %5lu", then ' ' and the name, then '\n').
 */
class ProcNetUnixParserTest {
    private static final Path FILE = Path.of("/proc/net/unix");
    private static final String TITLE = "Num       RefCount Protocol Flags    Type St Inode Path\n";

    /** A record as the kernel prints it: a listening stream socket, or a connected one without a name. */
    private static String listener(long inode, String name) {
        return String.format("00000000f52b1814: 00000002 00000000 00010000 0001 01 %5d %s\n", inode, name);
    }

    private static String connected(long inode) {
        return String.format("0000000087408086: 00000003 00000000 00000000 0001 03 %5d\n", inode);
    }

    /** The header line an attacker forges for a socket that does not exist, without its line feed. */
    private static final String FORGED = "0000000000000000: 00000002 00000000 00010000 0001 01 31337 /run/fake.sock";

    private static ProcNetUnixParser.Table parse(String text, LongPredicate confirmed) throws IOException {
        return parse(text.getBytes(StandardCharsets.UTF_8), confirmed);
    }

    private static ProcNetUnixParser.Table parse(byte[] text, LongPredicate confirmed) throws IOException {
        return ProcNetUnixParser.parse(text, confirmed, FILE);
    }

    private static LongPredicate held(Long... inodes) {
        Set<Long> set = Set.of(inodes);
        return set::contains;
    }

    private static List<Long> inodes(ProcNetUnixParser.Table t) {
        List<Long> out = new ArrayList<>();
        t.entries().forEach(e -> out.add(e.inode()));
        return out;
    }

    @Test
    void aForgedRecordInsideAnAbstractNameIsPartOfThatNameNotASocket() throws IOException {
        String name = "@x\n" + FORGED;
        ProcNetUnixParser.Table t = parse(TITLE + listener(20001, name) + connected(20002),
                held(20001L, 20002L));

        assertEquals(List.of(20001L, 20002L), inodes(t), "no socket 31337");
        assertEquals(name, t.entries().get(0).path(), "the carrier keeps its whole name, line feed included");
        assertEquals(1, t.unconfirmed());
    }

    @Test
    void aForgedRecordCopyingARealSocketsInodeIsNotTakenForItEvenThoughThatSocketIsHeld() throws IOException {
        String forged = "0000000000000000: 00000002 00000000 00010000 0001 01 20002 /run/fake.sock";
        ProcNetUnixParser.Table t = parse(TITLE + listener(20001, "@x\n" + forged) + connected(20002),
                held(20001L, 20002L));

        assertEquals(List.of(20001L, 20002L), inodes(t));
        assertEquals("", t.entries().get(1).path(), "the real 20002 is the unnamed one");
        assertEquals("@x\n" + forged, t.entries().get(0).path());
    }

    @Test
    void severalForgedRecordsInOneNameAllStayInIt() throws IOException {
        String forged2 = "0000000000000000: 00000003 00000000 00000000 0001 03 31338";
        String name = "@\n" + forged2 + "\n" + "y";
        ProcNetUnixParser.Table t = parse(TITLE + listener(20001, name) + connected(20002), held(20001L, 20002L));

        assertEquals(List.of(20001L, 20002L), inodes(t));
        assertEquals(name, t.entries().get(0).path());
    }

    @Test
    void aLineFeedInANameFollowedByTextThatIsNoRecordNeedsNoConfirmation() throws IOException {
        String name = "/run/odd\nname.sock";
        List<Long> asked = new ArrayList<>();
        ProcNetUnixParser.Table t = parse(TITLE + listener(20001, name) + connected(20002),
                inode -> asked.add(inode));

        assertEquals(List.of(20001L, 20002L), inodes(t));
        assertEquals(name, t.entries().get(0).path());
        assertEquals(List.of(20002L), asked, "only the record-like line after the name needs confirming");
    }

    @Test
    void aNameEndingInALineFeedLeavesABlankLineThatBelongsToIt() throws IOException {
        ProcNetUnixParser.Table t = parse(TITLE + listener(20001, "@end\n") + connected(20002), held(20002L));

        assertEquals(List.of(20001L, 20002L), inodes(t));
        assertEquals("@end\n", t.entries().get(0).path());
    }

    @Test
    void aRealSocketAfterANamedOneIsASocketWhenAProcessHoldsIt() throws IOException {
        ProcNetUnixParser.Table t = parse(TITLE + listener(20001, "/run/a.sock") + connected(20002),
                held(20001L, 20002L));

        assertEquals(List.of(20001L, 20002L), inodes(t));
        assertEquals("/run/a.sock", t.entries().get(0).path());
        assertEquals(0, t.unconfirmed());
    }

    @Test
    void confirmationIsAskedOnlyAboutLinesThatCouldBePartOfAName() throws IOException {
        List<Long> asked = new ArrayList<>();
        parse(TITLE + connected(20000) + listener(20001, "/run/a.sock") + connected(20002) + connected(20003),
                inode -> asked.add(inode));

        assertEquals(List.of(20002L), asked, "20000 and 20003 follow a socket without a name");
    }

    @Test
    void aLineTooLongToBePartOfTheNameBeforeItIsASocketWithoutConfirmation() throws IOException {
        // with the line feed, name + line would exceed the 108 bytes a name can have
        String line = connected(20002);
        assertEquals(58, line.length() - 1);
        String longName = "/" + "n".repeat(108 - 58 - 1);
        assertEquals(109, longName.length() + 1 + 58);
        ProcNetUnixParser.Table t = parse(TITLE + listener(20001, longName) + line, held());

        assertEquals(List.of(20001L, 20002L), inodes(t));
        assertEquals(0, t.unconfirmed());
    }

    @Test
    void aNameOneByteShorterLeavesTheSameLineAmbiguous() throws IOException {
        String name = "/" + "n".repeat(108 - 58 - 2);
        assertEquals(108, name.length() + 1 + 58);
        ProcNetUnixParser.Table t = parse(TITLE + listener(20001, name) + connected(20002), held(20001L));

        assertEquals(List.of(20001L), inodes(t), "unconfirmed, 20002 may be part of the name");
        assertEquals(name + "\n" + connected(20002).strip(), t.entries().get(0).path());
        assertEquals(1, t.unconfirmed());
    }

    @Test
    void invalidUtf8InANameShowsAsReplacementCharacters() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(TITLE.getBytes(StandardCharsets.US_ASCII));
        b.writeBytes("00000000f52b1814: 00000002 00000000 00010000 0001 01 20001 @a".getBytes(StandardCharsets.US_ASCII));
        b.write(0xff);
        b.write(0x1b);
        b.writeBytes("b\n".getBytes(StandardCharsets.US_ASCII));

        ProcNetUnixParser.Table t = parse(b.toByteArray(), held());

        assertEquals("@a\ufffd\u001bb", t.entries().get(0).path());
    }

    @Test
    void pointersOfEightDigitsAndPaddedInodesAreRecords() throws IOException {
        ProcNetUnixParser.Table t = parse(TITLE + "c0ffee00: 00000002 00000000 00000000 0002 01     7 @d\n"
                + "c0ffee01: 00000002 00000000 00000000 0005 01 123456789\n", held(123456789L));

        assertEquals(List.of(new ProcNetUnixEntry(2, 1, false, 7, "@d"),
                new ProcNetUnixEntry(5, 1, false, 123456789, "")), t.entries());
    }

    @Test
    void aLineThatIsNeitherARecordNorPartOfANameIsMalformed() {
        IOException e = assertThrows(IOException.class,
                () -> parse(TITLE + connected(20002) + "not a record\n", held()));

        assertTrue(e.getMessage().startsWith("/proc/net/unix line 3: not a socket record"), e.getMessage());
    }

    @Test
    void aFileWithoutTheTitleLineIsMalformed() {
        assertThrows(IOException.class, () -> parse(connected(20002), held()));
        assertThrows(IOException.class, () -> parse("", held()));
    }

    @Test
    void headersThatAreAlmostRightAreNotRecords() throws IOException {
        String[] almost = {
            "0000000000000000: 00000002 00000001 00010000 0001 01 31337",   // protocol not 0
            "0000000000000000: 00000002 00000000 00010001 0001 01 31337",   // flags neither 0 nor ACCEPTCON
            "0000000000000000: 00000002 00000000 00010000 0003 01 31337",   // type 3 (raw) is no UNIX type
            "0000000000000000: 00000002 00000000 00010000 0001 05 31337",   // state 5
            "0000000000000000: 00000002 00000000 00010000 0001 01  317",    // inode narrower than %5lu
            "0000000000000000:  00000002 00000000 00010000 0001 01 31337",  // two spaces
            "000000000000000G: 00000002 00000000 00010000 0001 01 31337",   // pointer not hex
            "0000000000000000: 0000000a 00000000 00010000 0001 01 31337",   // lower-case where the kernel writes upper
            "0000000000000000: 00000002 00000000 00010000 0001 01 31337 ",  // a space and no name
        };
        for (String line : almost) {
            ProcNetUnixParser.Table t = parse(TITLE + listener(20001, "@x\n" + line), held(31337L, 20001L));
            assertEquals(List.of(20001L), inodes(t), line);
            assertEquals(0, t.unconfirmed(), line);
        }
    }
}
