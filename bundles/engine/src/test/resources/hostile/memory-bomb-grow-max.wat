;; Asks for 65535 more pages (4 GiB) in one go; the answer must be -1, then it reports OK.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"bomb refused\"}")
  (data (i32.const 64) "{\"status\":\"CRITICAL\",\"summary\":\"bomb granted\"}")
  (func (export "run_check")
    (if (i32.eq (memory.grow (i32.const 65535)) (i32.const -1))
      (then (drop (call $submit_result (i32.const 0) (i32.const 40))))
      (else (drop (call $submit_result (i32.const 64) (i32.const 46)))))))
