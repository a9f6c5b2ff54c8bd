;; WASI reactor whose _initialize calls proc_exit(2): the entrypoint never runs.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"should not run\"}")
  (func (export "_initialize") (call $proc_exit (i32.const 2)))
  (func (export "run_check")
    (drop (call $submit_result (i32.const 0) (i32.const 42)))))
