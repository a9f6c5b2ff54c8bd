;; Traps on `unreachable` before submitting anything.
(module
  (func (export "run_check") unreachable))
