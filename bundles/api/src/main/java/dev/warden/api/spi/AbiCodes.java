package dev.warden.api.spi;

/** Return codes of host ABI v1 (DESIGN.md §4). A positive return is a byte count. */
public final class AbiCodes {

    public static final int OK = 0;
    public static final int INVALID = -1;
    public static final int DENIED = -2;
    public static final int TOO_LARGE = -3;
    public static final int NOT_FOUND = -4;
    public static final int INTERNAL = -5;
    public static final int TIMEOUT = -6;
    public static final int BAD_HANDLE = -7;

    private AbiCodes() {
    }
}
