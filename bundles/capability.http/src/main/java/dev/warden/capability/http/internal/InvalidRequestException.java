package dev.warden.capability.http.internal;

/** A request document the plugin sent that cannot be carried out as written ({@code -1}). */
final class InvalidRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidRequestException(String message) {
        super(message);
    }
}
