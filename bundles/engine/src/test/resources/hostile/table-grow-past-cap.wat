;; table.grow by 200000 entries, past the engine's table cap: the answer must be -1.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (table $t 1 funcref)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"table grow refused\"}")
  (data (i32.const 64) "{\"status\":\"CRITICAL\",\"summary\":\"table grew past the cap\"}")
  (func (export "run_check")
    (if (i32.eq (table.grow $t (ref.null func) (i32.const 200000)) (i32.const -1))
      (then (drop (call $submit_result (i32.const 0) (i32.const 46))))
      (else (drop (call $submit_result (i32.const 64) (i32.const 57)))))))
