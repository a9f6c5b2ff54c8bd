;; call_indirect on a table slot that was never filled.
(module
  (type $v (func))
  (table 4 funcref)
  (elem (i32.const 0) $a)
  (func $a)
  (func (export "run_check")
    (call_indirect (type $v) (i32.const 2))))
