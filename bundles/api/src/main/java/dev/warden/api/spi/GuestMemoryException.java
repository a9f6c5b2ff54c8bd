package dev.warden.api.spi;

/** A pointer/length pair from the plugin that falls outside its memory. */
public class GuestMemoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GuestMemoryException(String message) {
        super(message);
    }
}
