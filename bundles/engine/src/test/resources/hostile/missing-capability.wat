;; Imports a host function no capability provides: refused at validation, missing at run time.
(module
  (import "env" "teleport" (func $teleport (param i32) (result i32)))
  (func (export "run_check") (drop (call $teleport (i32.const 1)))))
