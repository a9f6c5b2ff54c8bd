;; One log call claiming a 1 MiB message from a 17-page memory: read at most what the cap allows.
(module
  (import "env" "log" (func $log (param i32 i32 i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 17)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"one huge line\"}")
  (func (export "run_check")
    (memory.fill (i32.const 1024) (i32.const 0x42) (i32.const 1048576))
    (call $log (i32.const 2) (i32.const 1024) (i32.const 1048576))
    (drop (call $submit_result (i32.const 0) (i32.const 41)))))
