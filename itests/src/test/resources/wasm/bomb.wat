;; A memory bomb: grows its memory to the cap (large steps, then page by page, until memory.grow
;; answers -1), writes to every page so the host really holds all of it, then spins until the
;; timeout takes it away. Run with requested_memory_mb set to the cap under test.
(module
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "run_check")
    (local $p i32)
    (block $big_done
      (loop $big
        (br_if $big_done (i32.eq (memory.grow (i32.const 32)) (i32.const -1)))
        (br $big)))
    (block $page_done
      (loop $page
        (br_if $page_done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $page)))
    (block $touched
      (loop $touch
        (br_if $touched (i32.ge_u (local.get $p) (i32.mul (memory.size) (i32.const 65536))))
        (i32.store8 (local.get $p) (i32.const 66))
        (local.set $p (i32.add (local.get $p) (i32.const 65536)))
        (br $touch)))
    (loop $spin
      (br_if $spin (i32.const 1)))))
