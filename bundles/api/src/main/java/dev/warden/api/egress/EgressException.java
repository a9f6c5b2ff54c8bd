package dev.warden.api.egress;

/**
 * A refused or failed network call. {@link #abiCode()} is the host ABI return code to hand the
 * plugin ({@code -2} denied, {@code -3} too large or over a cap, {@code -6} timeout, {@code -1}
 * invalid request, {@code -5} other failure); {@link #rule()} names the policy rule for denials.
 */
public class EgressException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int abiCode;
    private final String rule;

    public EgressException(int abiCode, String rule, String message) {
        super(message);
        this.abiCode = abiCode;
        this.rule = rule;
    }

    public int abiCode() {
        return abiCode;
    }

    /** The rule that denied the call ({@code allowed_ports}, {@code address:loopback} ...), or null. */
    public String rule() {
        return rule;
    }
}
