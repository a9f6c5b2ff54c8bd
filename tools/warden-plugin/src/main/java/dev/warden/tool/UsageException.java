package dev.warden.tool;

/** The command line is wrong: printed with the command's usage, exit code 2. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
