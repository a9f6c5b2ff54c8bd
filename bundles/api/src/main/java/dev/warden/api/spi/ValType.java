package dev.warden.api.spi;

/** Wasm value types a host function can take or return. */
public enum ValType {
    I32, I64, F32, F64
}
