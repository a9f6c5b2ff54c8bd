package dev.warden.capability.http.internal;

import dev.warden.api.egress.EgressException;
import dev.warden.api.spi.AbiCodes;

/** The ABI code for a refused or failed egress call. */
final class EgressCodes {

    private EgressCodes() {
    }

    /** The egress's own code when it is one of the ABI's error codes, otherwise {@code -5}. */
    static int of(EgressException e) {
        int code = e.abiCode();
        return code <= AbiCodes.INVALID && code >= AbiCodes.BAD_HANDLE ? code : AbiCodes.INTERNAL;
    }
}
