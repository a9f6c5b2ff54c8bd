;; Declares a table of 200000 entries, over max_table_elements: refused before it is parsed further.
(module
  (table 200000 funcref)
  (func (export "run_check")))
