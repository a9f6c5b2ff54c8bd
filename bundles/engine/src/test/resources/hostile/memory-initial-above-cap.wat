;; Declares 100 pages (6.25 MB) of initial memory against a 1 MB cap: refused before it runs.
(module
  (memory 100)
  (func (export "run_check")))
