;; i32.trunc_f32_s of NaN: invalid conversion to integer.
(module
  (memory 1)
  (data (i32.const 0) "\00\00\c0\7f")
  (func (export "run_check")
    (drop (i32.trunc_f32_s (f32.load (i32.const 0))))))
