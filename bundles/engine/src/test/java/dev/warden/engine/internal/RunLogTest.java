package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.api.dto.LogLine;
import dev.warden.api.spi.LogLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunLogTest {

    @Test
    void dropsLinesBeyondTheLineCap() {
        var log = new RunLog(1000, 2);
        log.add(LogLevel.INFO, "a");
        log.add(LogLevel.WARN, "b");
        log.add(LogLevel.ERROR, "c");

        assertEquals(List.of(new LogLine("info", "a"), new LogLine("warn", "b")), log.lines());
        assertEquals(1, log.dropped());
        assertEquals(2, log.bytes());
    }

    @Test
    void cutsTheLineThatCrossesTheByteCapAtACharacterBoundary() {
        var log = new RunLog(5, 10);
        log.add(LogLevel.INFO, "abc");
        log.add(LogLevel.INFO, "dé€"); // d=1 byte, é=2 bytes, €=3 bytes: only "d" fits in the 2 bytes left
        log.add(LogLevel.INFO, "more");

        assertEquals(List.of(new LogLine("info", "abc"), new LogLine("info", "d")), log.lines());
        assertEquals(4, log.bytes());
        assertEquals(2, log.dropped());
    }

    @Test
    void streamSplitsLinesAndFlushesTheLastPartialOne() {
        var log = new RunLog(1000, 10);
        var out = log.stream(LogLevel.WARN);
        byte[] text = "one\r\ntwo\nthr".getBytes(StandardCharsets.UTF_8);
        out.write(text, 0, text.length);
        out.write('e');
        out.flush();

        assertEquals(List.of(new LogLine("warn", "one"), new LogLine("warn", "two"), new LogLine("warn", "thre")),
                log.lines());
    }
}
