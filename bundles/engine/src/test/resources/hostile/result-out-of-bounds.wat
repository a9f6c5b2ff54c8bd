;; submit_result with a range that runs past the end of memory: rejected, no trap, no result.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (func (export "run_check")
    (drop (call $submit_result (i32.const 65500) (i32.const 1000)))
    (drop (call $submit_result (i32.const -4) (i32.const 8)))))
