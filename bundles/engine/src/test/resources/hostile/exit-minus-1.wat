;; WASI: submits an OK result, then proc_exit(-1). Only 0 keeps the submitted result.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"submitted before exit\"}")
  (func (export "run_check")
    (drop (call $submit_result (i32.const 0) (i32.const 49)))
    (call $proc_exit (i32.const -1))
    unreachable))
