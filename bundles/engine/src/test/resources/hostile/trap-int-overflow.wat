;; i32.div_s INT_MIN / -1: the one signed division whose result does not fit.
(module
  (memory 1)
  (data (i32.const 0) "\ff\ff\ff\ff")
  (func (export "run_check")
    (drop (i32.div_s (i32.const 0x80000000) (i32.load (i32.const 0))))))
