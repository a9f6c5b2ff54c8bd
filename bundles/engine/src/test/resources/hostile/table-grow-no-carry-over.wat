;; Grows its table by 1000 (within the cap) on every run and checks that each run starts with
;; the declared single entry: one run's growth must not carry over into the next instance.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (table $t 1 funcref)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"table started at 1\"}")
  (data (i32.const 64) "{\"status\":\"CRITICAL\",\"summary\":\"table size carried over\"}")
  (func (export "run_check")
    (if (i32.ne (table.size $t) (i32.const 1))
      (then (drop (call $submit_result (i32.const 64) (i32.const 57))) (return)))
    (drop (table.grow $t (ref.null func) (i32.const 1000)))
    (drop (call $submit_result (i32.const 0) (i32.const 46)))))
