;; Declares a 4 GiB maximum; the engine caps it, so growing past the cap fails with -1.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1 65536)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"declared max ignored\"}")
  (func (export "run_check")
    (if (i32.ne (memory.grow (i32.const 100)) (i32.const -1)) (then unreachable))
    (drop (call $submit_result (i32.const 0) (i32.const 48)))))
