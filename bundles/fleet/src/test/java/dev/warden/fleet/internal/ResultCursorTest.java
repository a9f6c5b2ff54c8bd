package dev.warden.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultCursorTest {

    @TempDir
    Path dir;

    @Test
    void missingCursorIsEmptyAndAStoredOneIsReadBack() throws IOException {
        ResultCursor cursor = new ResultCursor(dir.resolve("fleet/results.cursor"));
        assertTrue(cursor.load().isEmpty());
        cursor.store(1L << 41 | 12345);
        cursor.store(1L << 42 | 7);
        assertEquals(1L << 42 | 7, new ResultCursor(dir.resolve("fleet/results.cursor")).load().getAsLong());
        assertFalse(Files.exists(dir.resolve("fleet/results.cursor.tmp")), "the temporary file was renamed");
    }

    @Test
    void damagedCursorIsReportedNotGuessed() throws IOException {
        Files.writeString(dir.resolve("results.cursor"), "garbage");
        assertThrows(IOException.class, () -> new ResultCursor(dir.resolve("results.cursor")).load());
    }

    @Test
    void aMarkAfterTheStoredPositionWinsUnlessItIsTorn() throws IOException {
        Path file = dir.resolve("fleet/results.cursor");
        ResultCursor cursor = new ResultCursor(file);
        cursor.store(100);
        cursor.mark(150);
        cursor.mark(170);
        // no close: as after kill -9, only what the OS holds
        assertEquals(170, new ResultCursor(file).load().getAsLong());

        cursor.store(200);
        assertEquals(200, new ResultCursor(file).load().getAsLong(), "an older mark never moves the cursor back");

        cursor.mark(260);
        cursor.close();
        Path mark = dir.resolve("fleet/results.cursor.mark");
        String line = Files.readString(mark);
        Files.writeString(mark, line.replace("260", "990"));
        assertEquals(200, new ResultCursor(file).load().getAsLong(), "a mark whose checksum fails is ignored");
        Files.writeString(mark, "0000000");
        assertEquals(200, new ResultCursor(file).load().getAsLong());
    }
}
