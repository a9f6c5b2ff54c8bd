package dev.warden.api;

/** The fleet's broker could not be reached, or refused the request (permissions, limits). */
public final class FleetUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FleetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
