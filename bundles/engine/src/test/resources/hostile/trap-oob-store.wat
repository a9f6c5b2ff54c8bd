;; An 8-byte store at 65532 straddles the end of memory; nothing may be written.
(module
  (memory 1 1)
  (func (export "run_check")
    (i64.store (i32.const 65532) (i64.const -1))))
