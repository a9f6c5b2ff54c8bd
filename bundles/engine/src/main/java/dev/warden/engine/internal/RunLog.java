package dev.warden.engine.internal;

import dev.warden.api.dto.LogLine;
import dev.warden.api.spi.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The log of one run, capped in lines and UTF-8 bytes. A line that crosses the byte cap is cut at
 * a character boundary; lines beyond either cap are dropped. {@link #dropped()} counts the lines
 * that were dropped or cut.
 */
final class RunLog {

    private final long maxBytes;
    private final int maxLines;
    private final List<LogLine> lines = new ArrayList<>();
    private long bytes;
    private long dropped;
    /** Set once a line had to be cut: later lines are dropped rather than cut to crumbs. */
    private boolean full;

    RunLog(long maxBytes, int maxLines) {
        this.maxBytes = Math.max(0, maxBytes);
        this.maxLines = Math.max(0, maxLines);
    }

    synchronized void add(LogLevel level, String message) {
        if (lines.size() >= maxLines || full && message != null && !message.isEmpty()) {
            dropped++; // a flood past the caps costs a counter, not an encoding
            return;
        }
        byte[] utf8 = (message == null ? "" : message).getBytes(StandardCharsets.UTF_8);
        long room = maxBytes - bytes;
        if (lines.size() >= maxLines || (full || room <= 0) && utf8.length > 0) {
            dropped++;
            return;
        }
        int keep = utf8.length;
        if (keep > room) {
            keep = (int) room;
            while (keep > 0 && (utf8[keep] & 0xC0) == 0x80) {
                keep--; // do not split a multi-byte character
            }
            dropped++;
            full = true;
        }
        lines.add(new LogLine((level == null ? LogLevel.INFO : level).label(),
                keep == utf8.length ? message : new String(utf8, 0, keep, StandardCharsets.UTF_8)));
        bytes += keep;
    }

    synchronized List<LogLine> lines() {
        return List.copyOf(lines);
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long dropped() {
        return dropped;
    }

    /** A stream (for WASI stdout or stderr) whose text lands in this log line by line. */
    LineStream stream(LogLevel level) {
        return new LineStream(level);
    }

    /** Splits written bytes into lines; a line longer than the log could ever hold is cut. */
    final class LineStream extends OutputStream {
        private static final int MAX_LINE = 64 * 1024;
        private final LogLevel level;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        private LineStream(LogLevel level) {
            this.level = level;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit();
            } else if (pending.size() < MAX_LINE) {
                pending.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        /** Emits a last line that has no newline. */
        @Override
        public synchronized void flush() {
            if (pending.size() > 0) {
                emit();
            }
        }

        @Override
        public void close() {
            flush();
        }

        private void emit() {
            String line = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            add(level, line);
        }
    }
}
