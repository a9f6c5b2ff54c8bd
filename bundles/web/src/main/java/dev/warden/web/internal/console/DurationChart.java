package dev.warden.web.internal.console;

import dev.warden.api.dto.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Run duration over time as an inline SVG polyline, drawn on the server: the page needs no
 * script, and the only plugin-independent values in it are numbers and host timestamps.
 */
final class DurationChart {

    static final int WIDTH = 640;
    static final int HEIGHT = 160;
    private static final int PAD_LEFT = 56;
    private static final int PAD_RIGHT = 8;
    private static final int PAD_Y = 12;

    private DurationChart() {
    }

    /** @param newestFirst results as the result store returns them */
    static String svg(List<CheckResult> newestFirst) {
        List<CheckResult> runs = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            if (newestFirst.get(i).stats() != null) {
                runs.add(newestFirst.get(i));
            }
        }
        if (runs.isEmpty()) {
            return "<p class=\"warden-empty\">No runs yet.</p>";
        }
        long max = 1;
        for (CheckResult r : runs) {
            max = Math.max(max, r.stats().wallMs());
        }
        double plotW = WIDTH - PAD_LEFT - PAD_RIGHT;
        double plotH = HEIGHT - 2 * PAD_Y;
        StringBuilder points = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            CheckResult r = runs.get(i);
            double x = PAD_LEFT + (runs.size() == 1 ? plotW / 2 : plotW * i / (runs.size() - 1));
            double y = PAD_Y + plotH - plotH * r.stats().wallMs() / max;
            String xy = String.format(Locale.ROOT, "%.1f,%.1f", x, y);
            points.append(i == 0 ? "" : " ").append(xy);
            dots.append(String.format(Locale.ROOT, "<circle class=\"warden-dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\">", x, y))
                    .append("<title>").append(Html.text(r.observedAt())).append(": ").append(r.stats().wallMs())
                    .append(" ms</title></circle>");
        }
        return "<svg class=\"warden-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\""
                + HEIGHT + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" role=\"img\" aria-label=\"Run duration in milliseconds, oldest left\">"
                + "<line class=\"warden-axis\" x1=\"" + PAD_LEFT + "\" y1=\"" + PAD_Y + "\" x2=\"" + PAD_LEFT + "\" y2=\""
                + (HEIGHT - PAD_Y) + "\"/>"
                + "<line class=\"warden-axis\" x1=\"" + PAD_LEFT + "\" y1=\"" + (HEIGHT - PAD_Y) + "\" x2=\""
                + (WIDTH - PAD_RIGHT) + "\" y2=\"" + (HEIGHT - PAD_Y) + "\"/>"
                + "<text class=\"warden-label\" x=\"4\" y=\"" + (PAD_Y + 4) + "\">" + max + " ms</text>"
                + "<text class=\"warden-label\" x=\"4\" y=\"" + (HEIGHT - PAD_Y) + "\">0 ms</text>"
                + "<polyline class=\"warden-line\" fill=\"none\" points=\"" + points + "\"/>" + dots + "</svg>";
    }
}
