;; A checker whose target is down: submits CRITICAL with summary "target down" on every run.
;; Imports submit_result only, so the metrics test sees a CRITICAL series next to OK and UNKNOWN ones.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "{\"status\":\"CRITICAL\",\"summary\":\"target down\"}")
  (func (export "run_check")
    (drop (call $submit_result (i32.const 1024) (i32.const 45)))))
