;; Infinite recursion where every frame is fat (many locals) and has work left after the call,
;; so neither a compiler nor an interpreter can turn it into a loop.
(module
  (memory 1)
  (func $fat (param $n i32) (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local.set 1 (i64.extend_i32_u (local.get $n)))
    (local.set 2 (i64.mul (local.get 1) (i64.const 3)))
    (local.set 3 (i64.add (local.get 2) (call $fat (i32.add (local.get $n) (i32.const 1)))))
    (i64.store (i32.const 0) (local.get 3))
    (i64.add (local.get 3) (local.get 2)))
  (func (export "run_check")
    (drop (call $fat (i32.const 0)))))
