package dev.warden.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.api.ResultJournal.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingResultsTest {

    private static Entry entry(long position, long next) {
        return new Entry(position, next, null);
    }

    @Test
    void countsEachRecordOnceAndForgetsThePublishedOnes() {
        PendingResults p = new PendingResults(0);
        p.counted(List.of(entry(0, 10), entry(10, 25)));
        p.counted(List.of(entry(10, 25), entry(25, 30)));
        assertEquals(3, p.records(), "a record read twice counts once");
        assertEquals(30, p.ahead());
        p.published(entry(0, 10));
        p.published(entry(10, 25));
        assertEquals(1, p.records());
        p.published(entry(25, 30));
        assertEquals(0, p.records());
    }

    @Test
    void droppingBeforeASegmentBoundaryTellsWholeRunsInRecordsAndUnits() {
        PendingResults p = new PendingResults(100);
        // segment A: 100..160 (3 records), segment B starts at 1000 (2 records)
        p.counted(List.of(entry(100, 120), entry(120, 140), entry(140, 160), entry(1000, 1050),
                entry(1050, 1080)));
        assertEquals(5, p.records());
        PendingResults.Dropped dropped = p.dropBefore(1000);
        assertEquals(3, dropped.records());
        assertEquals(60, dropped.units());
        assertEquals(2, p.records());
        p.published(entry(1000, 1050));
        assertEquals(1, p.records());
    }

    @Test
    void droppingInsideARunEstimatesByUnits() {
        PendingResults p = new PendingResults(0);
        for (int i = 0; i < 10; i++) {
            p.counted(List.of(entry(i * 100L, (i + 1) * 100L)));
        }
        PendingResults.Dropped dropped = p.dropBefore(400);
        assertEquals(4, dropped.records());
        assertEquals(6, p.records());
        p.published(entry(400, 500));
        assertEquals(5, p.records());
    }

    @Test
    void droppingBeyondWhatWasCountedMovesAhead() {
        PendingResults p = new PendingResults(0);
        assertEquals(0, p.dropBefore(500).records());
        assertEquals(500, p.ahead());
    }
}
