package dev.warden.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultOutboxTest {

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unacknowledgedRecordsSurviveAReopenInOrder() throws Exception {
        try (ResultOutbox box = new ResultOutbox(dir)) {
            box.append(b("one"));
            box.append(b("two"));
            box.append(b("three"));
            List<ResultOutbox.Entry> first = box.pending(1);
            box.acknowledge(first.get(0).next());
        }
        try (ResultOutbox box = new ResultOutbox(dir)) {
            List<ResultOutbox.Entry> left = box.pending(10);
            assertEquals(2, left.size());
            assertArrayEquals(b("two"), left.get(0).payload());
            assertArrayEquals(b("three"), left.get(1).payload());
            box.acknowledge(left.get(1).next());
            assertTrue(box.isEmpty());
        }
    }

    @Test
    void aRecordCutShortByACrashIsDroppedAndTheRestIsKept() throws Exception {
        try (ResultOutbox box = new ResultOutbox(dir)) {
            box.append(b("whole"));
        }
        try (FileChannel ch = FileChannel.open(dir.resolve("results.log"), StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 50, 1, 2, 3, 4, 'x'}));
        }
        try (ResultOutbox box = new ResultOutbox(dir)) {
            List<ResultOutbox.Entry> left = box.pending(10);
            assertEquals(1, left.size());
            assertArrayEquals(b("whole"), left.get(0).payload());
            box.append(b("after"));
            assertEquals(2, box.pending(10).size());
        }
    }
}
