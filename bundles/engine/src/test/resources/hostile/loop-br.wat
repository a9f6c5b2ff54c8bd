;; `loop br 0`: the smallest endless loop.
(module
  (func (export "run_check") (loop $l (br $l))))
