;; table.grow by 9999999 entries (just under Chicory's own 10M limit, ~120 MB of heap):
;; the engine's table cap must refuse it with -1.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (table $t 1 funcref)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"table bomb refused\"}")
  (data (i32.const 64) "{\"status\":\"CRITICAL\",\"summary\":\"table bomb granted\"}")
  (func (export "run_check")
    (if (i32.eq (table.grow $t (ref.null func) (i32.const 9999999)) (i32.const -1))
      (then (drop (call $submit_result (i32.const 0) (i32.const 46))))
      (else (drop (call $submit_result (i32.const 64) (i32.const 52)))))))
