package dev.warden.api;

/** An assignment that cannot be stored as given; {@code field} names what is wrong. */
public class InvalidAssignmentException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidAssignmentException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
