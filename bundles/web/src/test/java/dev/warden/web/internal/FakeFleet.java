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

/** An in-memory fleet operator that records what it was asked; shared by the REST and the console tests. */
public final class FakeFleet implements FleetOperator {

    /** What publishing a package answers, or the refusal it throws. */
    public interface Publish {
        PluginInfo publish(byte[] zip) throws InvalidPluginException;
    }

    public final Map<String, FleetAssignment> byKey = new LinkedHashMap<>();
    public final List<FleetAgent> agents = new ArrayList<>();
    public final List<CheckResult> results = new ArrayList<>(
            List.of(FakeServices.result("ping", "f2"), FakeServices.result("ping", "f1")));
    public Publish onPublish = zip -> FakeServices.info("published", "1.0.0");
    public byte[] lastPublished;
    public InvalidAssignmentException refuseAssignment;
    public FleetUnavailableException unavailable;
    public long revision;
    public String askedAgent;
    public String askedAssignment;
    public int askedLimit;

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
        return onPublish.publish(lastPublished);
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
        askedAgent = agentId;
        askedAssignment = assignmentId;
        askedLimit = limit;
        check();
        return List.copyOf(results);
    }
}
