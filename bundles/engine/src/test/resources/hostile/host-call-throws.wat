;; Calls a host function that fails with an exception: the run ends naming the function.
(module
  (import "env" "explode" (func $explode (param i32) (result i32)))
  (func (export "run_check") (drop (call $explode (i32.const 1)))))
