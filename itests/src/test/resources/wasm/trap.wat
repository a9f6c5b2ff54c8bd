;; Traps on its first instruction.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "run_check")
    unreachable))
