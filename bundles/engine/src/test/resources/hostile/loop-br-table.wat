;; A state machine that never leaves: br_table back into the loop.
(module
  (func (export "run_check") (local $s i32)
    (loop $l
      (local.set $s (i32.and (i32.add (local.get $s) (i32.const 1)) (i32.const 3)))
      (block $b
        (br_table $l $l $b $l (local.get $s)))
      (br $l))))
