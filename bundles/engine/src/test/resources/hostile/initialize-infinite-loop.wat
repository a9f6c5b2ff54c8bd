;; _initialize never returns.
(module
  (func (export "_initialize") (loop $l (br $l)))
  (func (export "run_check")))
