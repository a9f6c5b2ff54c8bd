;; Floods a capability it was never granted: denied calls are host calls too and count.
(module
  (import "env" "get_config" (func $get_config (param i32 i32) (result i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"flood finished\"}")
  (func (export "run_check") (local $i i32)
    (loop $l
      (drop (call $get_config (i32.const 1024) (i32.const 0)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10000000))))
    (drop (call $submit_result (i32.const 0) (i32.const 42)))))
