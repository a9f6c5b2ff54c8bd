;; Bulk memory: memory.fill running past the end of memory.
(module
  (memory 1)
  (func (export "run_check")
    (memory.fill (i32.const 65000) (i32.const 7) (i32.const 1000))))
