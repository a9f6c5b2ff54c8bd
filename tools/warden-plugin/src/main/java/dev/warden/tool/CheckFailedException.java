package dev.warden.tool;

/** The input was understood but refused (invalid package, failed signature, replay mismatch): exit code 1. */
final class CheckFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    CheckFailedException(String message) {
        super(message);
    }
}
