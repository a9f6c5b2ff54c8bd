;; Two functions calling each other forever.
(module
  (func $ping (param i32) (result i32)
    (i32.sub (call $pong (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func $pong (param i32) (result i32)
    (i32.add (call $ping (i32.add (local.get 0) (i32.const 2))) (i32.const 3)))
  (func (export "run_check")
    (drop (call $ping (i32.const 0)))))
