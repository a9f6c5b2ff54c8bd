package dev.warden.fleet.internal;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.ObjectStore;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;

/**
 * The fleet's buckets, created when missing. Creating needs JetStream admin rights; a least-privilege
 * agent cannot, and then relies on an operator (or the gateway) having created them.
 */
final class Buckets {

    static final String ASSIGNMENTS = "warden-assignments";
    static final String AGENTS = "warden-agents";
    static final String PACKAGES = "warden-packages";

    /** JetStream's "stream not found" error code. */
    private static final int STREAM_NOT_FOUND = 10059;

    private Buckets() {
    }

    static KeyValue keyValue(Connection connection, String bucket, int history) throws IOException, JetStreamApiException {
        try {
            connection.keyValueManagement().getStatus(bucket);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            connection.keyValueManagement().create(KeyValueConfiguration.builder()
                    .name(bucket).maxHistoryPerKey(history).storageType(StorageType.File).build());
        }
        return connection.keyValue(bucket);
    }

    static ObjectStore objectStore(Connection connection) throws IOException, JetStreamApiException {
        try {
            connection.objectStoreManagement().getStatus(PACKAGES);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            connection.objectStoreManagement().create(ObjectStoreConfiguration.builder(PACKAGES)
                    .storageType(StorageType.File).build());
        }
        return connection.objectStore(PACKAGES);
    }

    /** Creates the results stream when missing (operator rights); true when it exists afterwards. */
    static boolean resultsStream(Connection connection) throws IOException, JetStreamApiException {
        try {
            connection.jetStreamManagement().getStreamInfo(FleetResultPublisher.STREAM);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
        }
        try {
            connection.jetStreamManagement().addStream(StreamConfiguration.builder().name(FleetResultPublisher.STREAM)
                    .subjects(FleetResultPublisher.SUBJECT_PREFIX + ">").storageType(StorageType.File)
                    .duplicateWindow(FleetResultPublisher.DUPLICATE_WINDOW).build());
            return true;
        } catch (JetStreamApiException raced) {
            // created meanwhile by another agent or operator
            return true;
        }
    }
}
