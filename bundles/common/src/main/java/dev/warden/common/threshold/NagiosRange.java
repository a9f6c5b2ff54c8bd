package dev.warden.common.threshold;

/**
 * A Nagios threshold range: {@code 10} (alert outside 0..10), {@code 10:} (below 10), {@code ~:10}
 * (above 10), {@code 10:20} (outside 10..20), {@code @10:20} (inside 10..20). Shared by the bundle
 * that validates assignments and the one that evaluates results, so both read ranges the same way.
 */
public record NagiosRange(double start, double end, boolean inside, String text) {

    /** @throws IllegalArgumentException naming what is wrong with {@code text} */
    public static NagiosRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty range");
        }
        String s = text.trim();
        boolean inside = s.startsWith("@");
        if (inside) {
            s = s.substring(1);
        }
        double start;
        double end;
        int colon = s.indexOf(':');
        if (colon < 0) {
            start = 0;
            end = number(s, text);
        } else {
            String lo = s.substring(0, colon);
            String hi = s.substring(colon + 1);
            start = lo.equals("~") ? Double.NEGATIVE_INFINITY : lo.isEmpty() ? 0 : number(lo, text);
            end = hi.isEmpty() ? Double.POSITIVE_INFINITY : number(hi, text);
        }
        if (start > end) {
            throw new IllegalArgumentException("range '" + text + "' starts above its end");
        }
        return new NagiosRange(start, end, inside, text.trim());
    }

    /** True when {@code value} should raise an alert for this range. */
    public boolean alerts(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        boolean within = value >= start && value <= end;
        return inside == within;
    }

    private static double number(String s, String text) {
        try {
            double d = Double.parseDouble(s.trim());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("range '" + text + "' is not in Nagios syntax (10, 10:, ~:10, 10:20, @10:20)");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
