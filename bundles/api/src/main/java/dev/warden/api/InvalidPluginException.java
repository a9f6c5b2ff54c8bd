package dev.warden.api;

/**
 * A package, manifest or module that Warden refuses. {@code code} is a stable machine-readable
 * reason (for example {@code invalid_manifest}, {@code invalid_module}, {@code too_large},
 * {@code not_a_zip}); {@code field} names the offending field or entry when there is one.
 */
public class InvalidPluginException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final String field;

    public InvalidPluginException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public InvalidPluginException(String code, String message) {
        this(code, null, message);
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
