package dev.warden.fleet.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

final class FleetTestSupport {

    private FleetTestSupport() {
    }

    static FleetSettings settings(String url, String agentId, List<String> labels, Path data) {
        return new FleetSettings(List.of(url), agentId, labels, "", "", "", "", false, "", "", 1, data.resolve("fleet"));
    }

    static boolean eventually(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(25);
        }
        return condition.getAsBoolean();
    }
}
