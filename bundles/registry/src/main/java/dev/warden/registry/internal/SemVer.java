package dev.warden.registry.internal;

import java.util.List;

/**
 * A Semantic Versioning 2.0.0 version with its precedence order (build metadata is ignored when
 * comparing, so two versions can compare equal and still be different strings).
 */
record SemVer(long major, long minor, long patch, List<String> preRelease, String build)
        implements Comparable<SemVer> {

    private static final int MAX_LENGTH = 64;

    /** Null when {@code s} is not a valid semantic version. */
    static SemVer parse(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return null;
        }
        String rest = s;
        String build = null;
        int plus = rest.indexOf('+');
        if (plus >= 0) {
            build = rest.substring(plus + 1);
            rest = rest.substring(0, plus);
            if (!identifiers(build, false)) {
                return null;
            }
        }
        List<String> pre = List.of();
        int dash = rest.indexOf('-');
        if (dash >= 0) {
            String preText = rest.substring(dash + 1);
            rest = rest.substring(0, dash);
            if (!identifiers(preText, true)) {
                return null;
            }
            pre = List.of(preText.split("\\.", -1));
        }
        String[] core = rest.split("\\.", -1);
        if (core.length != 3) {
            return null;
        }
        long[] numbers = new long[3];
        for (int i = 0; i < 3; i++) {
            if (!isNumeric(core[i]) || core[i].length() > 18) {
                return null;
            }
            numbers[i] = Long.parseLong(core[i]);
        }
        return new SemVer(numbers[0], numbers[1], numbers[2], pre, build);
    }

    private static boolean identifiers(String text, boolean noLeadingZeros) {
        if (text.isEmpty()) {
            return false;
        }
        for (String id : text.split("\\.", -1)) {
            if (id.isEmpty() || !id.chars().allMatch(c -> c == '-' || (c >= '0' && c <= '9')
                    || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
            if (noLeadingZeros && allDigits(id) && !isNumeric(id)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A numeric identifier: digits without a leading zero (except "0" itself). */
    private static boolean isNumeric(String s) {
        return allDigits(s) && (s.length() == 1 || s.charAt(0) != '0');
    }

    @Override
    public int compareTo(SemVer o) {
        int c = Long.compare(major, o.major);
        if (c == 0) {
            c = Long.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, o.patch);
        }
        return c != 0 ? c : comparePreRelease(preRelease, o.preRelease);
    }

    private static int comparePreRelease(List<String> a, List<String> b) {
        // A release ranks above any of its pre-releases.
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(a.isEmpty(), b.isEmpty());
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareIdentifier(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareIdentifier(String x, String y) {
        boolean xNum = allDigits(x);
        boolean yNum = allDigits(y);
        if (xNum && yNum) {
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        if (xNum != yNum) {
            return xNum ? -1 : 1;
        }
        return x.compareTo(y);
    }

    /** Newest-last ordering of version strings that are all valid; ties broken by the text. */
    static int compareText(String a, String b) {
        SemVer x = parse(a);
        SemVer y = parse(b);
        if (x == null || y == null) {
            return a.compareTo(b);
        }
        int c = x.compareTo(y);
        return c != 0 ? c : a.compareTo(b);
    }
}
