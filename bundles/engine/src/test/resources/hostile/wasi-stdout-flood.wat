;; WASI: writes 50 x 64 KiB of short lines to stdout (400k lines): capped, counted, then OK.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"stdout flooded\"}")
  (func (export "run_check") (local $i i32)
    ;; 64 KiB at 65536 of "xxxxxxx\n"
    (loop $fill
      (i64.store (i32.add (i32.const 65536) (local.get $i)) (i64.const 0x0a78787878787878))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 65536))))
    ;; iovec at 256: {buf=65536, len=65536}
    (i32.store (i32.const 256) (i32.const 65536))
    (i32.store (i32.const 260) (i32.const 65536))
    (local.set $i (i32.const 0))
    (loop $l
      (drop (call $fd_write (i32.const 1) (i32.const 256) (i32.const 1) (i32.const 272)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 50))))
    (drop (call $submit_result (i32.const 0) (i32.const 42)))))
