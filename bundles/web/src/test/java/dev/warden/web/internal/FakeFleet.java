package dev.warden.web.internal;

import dev.warden.api.FleetOperator;
import dev.warden.api.FleetUnavailableException;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.FleetAgent;
import dev.warden.api.dto.FleetAssignment;
import dev.warden.api.dto.FleetTarget;
import dev.warden.api.dto.PluginInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory fleet operator that records what it was asked. */
final class FakeFleet implements FleetOperator {

    final Map<String, FleetAssignment> byKey = new LinkedHashMap<>();
    final List<FleetAgent> agents = new ArrayList<>();
    FakeServices.Install onPublish = zip -> FakeServices.info("published", "1.0.0");
    byte[] lastPublished;
    InvalidAssignmentException refuseAssignment;
    FleetUnavailableException unavailable;
    long revision;
    String askedAgent;
    String askedAssignment;
    int askedLimit;

    private void check() {
        if (unavailable != null) {
            throw unavailable;
        }
    }

    @Override
    public PluginInfo publishPackage(InputStream zip) throws InvalidPluginException {
        check();
        try {
            lastPublished = zip.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return onPublish.install(lastPublished);
    }

    @Override
    public long putAssignment(FleetTarget target, Assignment assignment) throws InvalidAssignmentException {
        check();
        if (refuseAssignment != null) {
            throw refuseAssignment;
        }
        revision++;
        byKey.put(target.keyPrefix() + "." + assignment.id(), new FleetAssignment(target, assignment, revision));
        return revision;
    }

    @Override
    public boolean deleteAssignment(FleetTarget target, String assignmentId) {
        check();
        return byKey.remove(target.keyPrefix() + "." + assignmentId) != null;
    }

    @Override
    public List<FleetAssignment> assignments() {
        check();
        return List.copyOf(byKey.values());
    }

    @Override
    public List<FleetAgent> agents() {
        check();
        return List.copyOf(agents);
    }

    @Override
    public List<CheckResult> results(String agentId, String assignmentId, int limit) {
        check();
        askedAgent = agentId;
        askedAssignment = assignmentId;
        askedLimit = limit;
        return List.of(FakeServices.result("ping", "f2"), FakeServices.result("ping", "f1"));
    }
}
