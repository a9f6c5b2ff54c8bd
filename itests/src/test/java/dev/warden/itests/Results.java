package dev.warden.itests;

import static org.junit.Assert.fail;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Metric;

/** Reads the numbers a probe plugin reported about what the host answered it. */
final class Results {

    private Results() {
    }

    static long metric(CheckResult result, String name) {
        for (Metric m : result.metrics()) {
            if (name.equals(m.name())) {
                return Math.round(m.value());
            }
        }
        fail("result has no metric " + name + ": " + result);
        return 0;
    }
}
