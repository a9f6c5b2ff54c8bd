;; Never returns: a loop whose br_if condition is always true. Chicory's interpreter does not
;; check for interruption on br_if, so this is what the engine's timeout must stop in both modes.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "run_check")
    (loop $spin
      (br_if $spin (i32.const 1)))))
