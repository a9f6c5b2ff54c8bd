;; A store at address 0xFFFFFFF0 (a negative i32): far outside memory, not a wrap-around.
(module
  (memory 1)
  (func (export "run_check")
    (i32.store (i32.const -16) (i32.const 42))))
