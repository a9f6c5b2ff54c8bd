;; WASI: busy-waits ten seconds on clock_time_get (with some spinning between calls so the
;; host-call cap is not what stops it): the timeout must.
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (func $now (result i64)
    (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 0)))
    (i64.load (i32.const 0)))
  (func (export "run_check") (local $until i64) (local $spin i32)
    (local.set $until (i64.add (call $now) (i64.const 10000000000)))
    (loop $wait
      (local.set $spin (i32.const 0))
      (loop $s
        (local.set $spin (i32.add (local.get $spin) (i32.const 1)))
        (br_if $s (i32.lt_u (local.get $spin) (i32.const 100000))))
      (br_if $wait (i64.lt_u (call $now) (local.get $until))))))
