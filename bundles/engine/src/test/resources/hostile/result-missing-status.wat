;; A result without a status: rejected.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "{\"summary\":\"forgot the status\"}")
  (func (export "run_check")
    (drop (call $submit_result (i32.const 0) (i32.const 31)))))
