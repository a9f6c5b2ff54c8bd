;; A result whose summary is not UTF-8 (0xFF 0xFE): rejected, so no result.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"\ff\fe\"}")
  (func (export "run_check")
    (drop (call $submit_result (i32.const 0) (i32.const 30)))))
