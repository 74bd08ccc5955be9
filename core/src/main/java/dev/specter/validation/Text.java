package dev.specter.validation;

/**
 * Lengths of stored text, counted as the database counts them. PostgreSQL's {@code varchar(n)} holds
 * n characters and a character is a Unicode code point (SQLite's {@code length()} counts the same),
 * not a Java {@code char}: an emoji is one character but two chars. SQLite enforces no length at all,
 * so every limited column is checked ({@link #atMost}) or clipped ({@link #clip}) in code before a write.
 */
public final class Text {
    private Text() {
    }

    /** Characters (code points) in {@code s}. */
    public static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Returns {@code value} when null or at most {@code max} characters, else throws naming {@code field}. */
    public static String atMost(String field, String value, int max) {
        if (value != null && length(value) > max) {
            throw new InvalidInputException(field, "'" + field + "' is longer than the limit of " + max + " characters");
        }
        return value;
    }

    /**
     * Whether text Specter writes itself fits a column of {@code max} characters: measured in Java
     * chars, which are never fewer than characters, so a yes holds however the store counts.
     */
    public static boolean fits(String s, int max) {
        return s == null || s.length() <= max;
    }

    /**
     * {@code s} cut to fit a column of {@code max} characters, ending in "…" when cut; null stays null.
     * For text Specter writes itself (reasons, cloud messages, hostnames), where refusing would lose the
     * whole write. Cut to {@code max} Java chars, which is never more code points (see {@link #fits}); a
     * surrogate pair is never split.
     */
    public static String clip(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
