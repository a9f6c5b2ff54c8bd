;; 200 log lines of 4 KiB each (800 KiB) against a 64 KiB log cap, then OK.
(module
  (import "env" "log" (func $log (param i32 i32 i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"logged a lot\"}")
  (func (export "run_check") (local $i i32)
    (memory.fill (i32.const 4096) (i32.const 0x41) (i32.const 4096))
    (loop $l
      (call $log (i32.const 1) (i32.const 4096) (i32.const 4096))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 200))))
    (drop (call $submit_result (i32.const 0) (i32.const 40)))))
