;; Returns without ever submitting a result.
(module
  (memory 1)
  (func (export "run_check")))
