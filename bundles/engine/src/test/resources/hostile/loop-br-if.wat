;; while (flag == 0) {}: a C busy-wait, compiled to br_if.
(module
  (memory 1)
  (func (export "run_check")
    (loop $l (br_if $l (i32.eqz (i32.load (i32.const 0)))))))
