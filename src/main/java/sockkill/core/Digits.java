package sockkill.core;

/** Checks on numbers as users type them; plain loops, as this runs on every start-up. */
public final class Digits {
    private Digits() {
    }

    /** True for one or more ASCII decimal digits and nothing else. */
    public static boolean isDecimal(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** True for one or more hex digits and nothing else. */
    public static boolean isHex(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
