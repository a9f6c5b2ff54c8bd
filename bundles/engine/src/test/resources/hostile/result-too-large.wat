;; A 1 MiB "result" (a valid JSON object padded with spaces): over the size cap, rejected.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 17)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"huge\"")
  (func (export "run_check")
    (memory.fill (i32.const 31) (i32.const 0x20) (i32.const 1048544))
    (i32.store8 (i32.const 1048575) (i32.const 0x7d))
    (drop (call $submit_result (i32.const 0) (i32.const 1048576)))))
