;; i32.div_u by zero; the divisor comes from memory so no compiler can fold it away.
(module
  (memory 1)
  (func (export "run_check")
    (drop (i32.div_u (i32.const 7) (i32.load (i32.const 0))))))
