;; i64.rem_s by zero.
(module
  (memory 1)
  (func (export "run_check")
    (drop (i64.rem_s (i64.const 7) (i64.load (i32.const 0))))))
