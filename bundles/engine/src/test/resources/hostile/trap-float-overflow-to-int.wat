;; i64.trunc_f64_u of 1e30: the value does not fit in 64 bits.
(module
  (global $big (mut f64) (f64.const 1e30))
  (func (export "run_check")
    (drop (i64.trunc_f64_u (global.get $big)))))
