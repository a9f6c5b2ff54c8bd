;; Submits OK and then spins forever: the timeout wins over the submitted result.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"then spins\"}")
  (func (export "run_check")
    (drop (call $submit_result (i32.const 0) (i32.const 38)))
    (loop $l (br $l))))
