package dev.warden.shell.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with left-aligned columns. Every cell goes through {@link #clean}: plugin-supplied
 * strings reach an operator's terminal here, and an escape sequence in a summary must not repaint it.
 */
final class TextTable {

    /** Longest cell kept; longer ones are cut with an ellipsis so one summary cannot wrap the table. */
    static final int MAX_CELL = 80;

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(clean(cell, MAX_CELL));
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public String toString() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append("  ");
            }
            line.append(cells.get(i));
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cells.get(i).length()));
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** One line of printable text: control characters (C0, DEL, C1, line and bidi controls) become '?'; null is "-". */
    static String clean(Object value, int max) {
        if (value == null) {
            return "-";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(Math.min(s.length(), max + 1));
        for (int i = 0; i < s.length() && out.length() <= max; i++) {
            char c = s.charAt(i);
            out.append(printable(c) ? c : '?');
        }
        if (out.length() > max) {
            out.setLength(max - 1);
            out.append('\u2026');
        }
        return out.isEmpty() ? "-" : out.toString();
    }

    private static boolean printable(char c) {
        if (Character.isISOControl(c)) {
            return false;
        }
        int type = Character.getType(c);
        // FORMAT covers the bidi overrides that can reorder what the operator reads
        return type != Character.FORMAT && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.SURROGATE && type != Character.UNASSIGNED;
    }
}
