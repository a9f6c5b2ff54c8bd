;; hello-wat: a Warden checker in plain WebAssembly text, no SDK. Reads the params (at 1024) and
;; takes the value of the first ':"' (for {"target":"x"} that is x, copied as it is: no escaped
;; quotes), or "world"; submits {"status":"OK","summary":"hello from x"} built at address 0.
(module
  (import "env" "get_config" (func $get_config (param i32 i32) (result i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"status\":\"OK\",\"summary\":\"hello from ") (data (i32.const 512) "world\"")
  (func (export "run_check") (local $n i32) (local $i i32) (local $s i32) (local $o i32) (local $c i32)
    (local.set $n (call $get_config (i32.const 1024) (i32.const 64512)))
    (loop $find (br_if $find (i32.and (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))
        (i32.ne (i32.load16_u offset=1024 (local.get $i)) (i32.const 0x223a)))))
    (local.set $s (select (i32.add (local.get $i) (i32.const 1026)) (i32.const 512) (i32.lt_s (local.get $i) (local.get $n))))
    (local.set $o (i32.const 37)) ;; just after the "hello from " prefix
    (block $end (loop $copy (br_if $end (i32.or (i32.eqz (local.tee $c (i32.load8_u (local.get $s)))) (i32.eq (local.get $c) (i32.const 34))))
        (i32.store8 (local.get $o) (local.get $c))
        (local.set $o (i32.add (local.get $o) (i32.const 1))) (local.set $s (i32.add (local.get $s) (i32.const 1))) (br $copy)))
    (i32.store16 (local.get $o) (i32.const 0x7d22)) (drop (call $submit_result (i32.const 0) (i32.add (local.get $o) (i32.const 2))))))
