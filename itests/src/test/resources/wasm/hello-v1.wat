;; A well-behaved checker: logs one line and submits OK with summary "hello v1".
;; Imports log + submit_result, so it serves the schedule test and the hot-swap test.
(module
  (import "env" "log" (func $log (param i32 i32 i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "hello v1 running\00")
  (data (i32.const 1280) "{\"status\":\"OK\",\"summary\":\"hello v1\"}\00")
  (func $strlen (param $p i32) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))
  (func (export "run_check")
    (call $log (i32.const 1) (i32.const 1024) (call $strlen (i32.const 1024)))
    (drop (call $submit_result (i32.const 1280) (call $strlen (i32.const 1280))))))
