;; A status that is not one of OK, WARNING, CRITICAL, UNKNOWN: rejected.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "{\"status\":\"FINE\",\"summary\":\"all good\"}")
  (func (export "run_check")
    (drop (call $submit_result (i32.const 0) (i32.const 38)))))
