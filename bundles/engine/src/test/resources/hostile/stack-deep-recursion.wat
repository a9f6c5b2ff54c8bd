;; Unbounded self-recursion: ends as an exhausted call stack, contained on the run's thread.
(module
  (func $down (param i32) (result i32)
    (i32.add (call $down (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "run_check")
    (drop (call $down (i32.const 0)))))
