;; call_indirect with an index past the end of a two-entry table.
(module
  (type $v (func))
  (table 2 funcref)
  (elem (i32.const 0) $a $a)
  (func $a)
  (func (export "run_check")
    (call_indirect (type $v) (i32.const 10))))
