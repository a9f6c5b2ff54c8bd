;; A WASI checker that stays busy for 600 ms of wall-clock time (spinning, and polling
;; clock_time_get between spins so it stays far below the engine's host-call limit), then
;; submits OK with summary "slow v1", so a test can change versions while a run is in flight.
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1280) "{\"status\":\"OK\",\"summary\":\"slow v1\"}\00")
  (func $now (result i64)
    (drop (call $clock (i32.const 0) (i64.const 1000) (i32.const 512)))
    (i64.load (i32.const 512)))
  (func $strlen (param $p i32) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))
  (func (export "run_check")
    (local $until i64)
    (local $i i32)
    (local.set $until (i64.add (call $now) (i64.const 600000000)))
    (loop $busy
      (local.set $i (i32.const 200000))
      (loop $spin
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br_if $spin (local.get $i)))
      (br_if $busy (i64.lt_u (call $now) (local.get $until))))
    (drop (call $submit_result (i32.const 1280) (call $strlen (i32.const 1280))))))
