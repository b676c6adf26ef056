package sockkill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
    @Test
    void printableTextIsReturnedAsItIs() {
        String s = "mutt /tmp/.X11-unix/X0 caf\u00e9 \u65e5\u672c \ud83d\ude00";
        assertSame(s, TerminalText.escape(s));
    }

    @Test
    void escapeSequencesAndNewlinesCannotReachTheTerminal() {
        assertEquals("x\\e]0;owned\\x07\\e[31m", TerminalText.escape("x\u001b]0;owned\u0007\u001b[31m"));
        assertEquals("a\\nvictim(pid=1,fd=3)", TerminalText.escape("a\nvictim(pid=1,fd=3)"));
        assertEquals("\\t\\r\\x00\\x7f\\x9b", TerminalText.escape("\t\r\u0000\u007f\u009b"));
    }

    @Test
    void theBackslashIsEscapedSoNoTwoTextsLookAlike() {
        assertEquals("a\\\\nb", TerminalText.escape("a\\nb"));
        assertEquals("a\\nb", TerminalText.escape("a\nb"));
    }

    @Test
    void invisibleAndReorderingCharactersAreShownAsCodePoints() {
        assertEquals("evil\\u{202e}txt.exe", TerminalText.escape("evil\u202etxt.exe"));
        assertEquals("a\\u{2028}b\\u{feff}", TerminalText.escape("a\u2028b\ufeff"));
        assertEquals("lone\\u{d800}", TerminalText.escape("lone\ud800"));
    }
}
