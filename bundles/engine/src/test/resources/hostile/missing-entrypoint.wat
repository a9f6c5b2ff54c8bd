;; Exports `main` but not the manifest's entrypoint `run_check`: refused.
(module
  (func (export "main")))
