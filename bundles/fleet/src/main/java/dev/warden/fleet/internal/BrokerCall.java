package dev.warden.fleet.internal;

import dev.warden.api.FleetUnavailableException;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Runs one operator request against the broker and turns what the client throws into a
 * {@link FleetUnavailableException} that tells the operator why. A permission violation on NATS
 * does not come back as an error reply: the request just goes unanswered, so a timeout names
 * permissions as the likely cause.
 */
final class BrokerCall {

    interface Call<T> {
        T run() throws IOException, JetStreamApiException, InterruptedException, TimeoutException;
    }

    private BrokerCall() {
    }

    static <T> T run(FleetConnection fleet, String what, Call<T> call) {
        if (!fleet.connected()) {
            throw new FleetUnavailableException("not connected to the fleet broker " + fleet.settings().servers()
                    + " (cannot " + what + ")", null);
        }
        try {
            return call.run();
        } catch (JetStreamApiException e) {
            throw new FleetUnavailableException("the broker refused to " + what + ": " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw timeout(what, e);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
                throw timeout(what, e);
            }
            throw new FleetUnavailableException("the broker could not " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetUnavailableException("interrupted while asking the broker to " + what, e);
        } catch (IllegalStateException e) {
            // the client's own state checks (connection closed or draining while we asked)
            throw new FleetUnavailableException("the broker connection could not " + what + ": " + e.getMessage(), e);
        }
    }

    private static FleetUnavailableException timeout(String what, Exception e) {
        return new FleetUnavailableException("the broker did not answer a request to " + what
                + " in time; it may be refusing this agent's user (permissions) or be overloaded", e);
    }
}
