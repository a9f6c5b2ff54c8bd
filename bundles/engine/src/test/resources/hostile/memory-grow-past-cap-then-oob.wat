;; Grows to the cap (1 MB = 16 pages), sees the next grow fail with -1, and stores past the end
;; anyway: the store must trap, not land in memory the host never granted.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "{\"status\":\"CRITICAL\",\"summary\":\"grow past the cap succeeded\"}")
  (func (export "run_check")
    (if (i32.ne (memory.grow (i32.const 15)) (i32.const 1)) (then unreachable))
    (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1))
      (then (drop (call $submit_result (i32.const 0) (i32.const 61))) (return)))
    (i32.store (i32.const 1048576) (i32.const 1))))
