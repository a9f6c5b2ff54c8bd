;; A host-call and log flood: logs the same 96-byte line in an endless loop, so every limit the
;; host puts on host calls and log output is hit; it never submits a result.
(module
  (import "env" "log" (func $log (param i32 i32 i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "flood flood flood flood flood flood flood flood flood flood flood flood flood flood flood flood ")
  (func (export "run_check")
    (loop $again
      (call $log (i32.const 1) (i32.const 1024) (i32.const 96))
      (br $again))))
