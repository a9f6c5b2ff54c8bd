;; Globals abuse that is still legal: mutable globals of every type (one exported) rewritten
;; 200000 times, then used as a memory address; the run reports OK when the values add up.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (global $a (export "counter") (mut i32) (i32.const 0))
  (global $b (mut i64) (i64.const 0))
  (global $c (mut f32) (f32.const 0))
  (global $d (mut f64) (f64.const 0))
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"globals add up\"}")
  (func (export "run_check")
    (loop $l
      (global.set $a (i32.add (global.get $a) (i32.const 1)))
      (global.set $b (i64.add (global.get $b) (i64.const 3)))
      (global.set $c (f32.add (global.get $c) (f32.const 1)))
      (global.set $d (f64.add (global.get $d) (f64.const 0.5)))
      (br_if $l (i32.lt_u (global.get $a) (i32.const 200000))))
    (if (i64.ne (global.get $b) (i64.const 600000)) (then unreachable))
    (i32.store (i32.rem_u (global.get $a) (i32.const 60000)) (i32.const 1))
    (drop (call $submit_result (i32.const 0) (i32.const 42)))))
