;; log with a range outside memory and a negative length: dropped, the run goes on.
(module
  (import "env" "log" (func $log (param i32 i32 i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"survived bad logs\"}")
  (func (export "run_check")
    (call $log (i32.const 1) (i32.const 65000) (i32.const 1000))
    (call $log (i32.const 1) (i32.const 0) (i32.const -1))
    (call $log (i32.const 99) (i32.const -8) (i32.const 16))
    (drop (call $submit_result (i32.const 0) (i32.const 45)))))
