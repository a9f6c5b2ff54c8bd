;; Loads one byte past the end of a one-page memory.
(module
  (memory 1 1)
  (func (export "run_check")
    (drop (i32.load8_u (i32.const 65536)))))
