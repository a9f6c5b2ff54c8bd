;; call_indirect expecting (i32) -> i32 on a function that is () -> ().
(module
  (type $v (func))
  (type $ii (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $a)
  (func $a)
  (func (export "run_check")
    (drop (call_indirect (type $ii) (i32.const 1) (i32.const 0)))))
