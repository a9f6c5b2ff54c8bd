;; Calls a host function that ignores interruption for longer than timeout + grace: the run is
;; abandoned, reported as a timeout, and its thread replaced.
(module
  (import "env" "stall" (func $stall (param i32) (result i32)))
  (func (export "run_check") (drop (call $stall (i32.const 1500)))))
