;; Calls get_config and reports its return code as metric "get_config" (expect -2 when the
;; operator did not grant the capability; a manifest that does not request it is refused at install).
(module
  (import "env" "get_config" (func $get_config (param i32 i32) (result i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1280) "{\"status\":\"OK\",\"summary\":\"denied probe\",\"metrics\":[{\"name\":\"get_config\",\"value\":\00")
  (data (i32.const 1664) "}]}\00")
  ;; --- result builder: appends NUL-terminated strings and decimal i32s at $out ---
  (global $out (mut i32) (i32.const 8192))
  (func $emit_byte (param $b i32)
    (i32.store8 (global.get $out) (local.get $b))
    (global.set $out (i32.add (global.get $out) (i32.const 1))))
  (func $emit_str (param $p i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (local.get $p))))
        (call $emit_byte (i32.load8_u (local.get $p)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next))))
  (func $emit_int (param $v i32)
    (local $div i32)
    (if (i32.lt_s (local.get $v) (i32.const 0))
      (then
        (call $emit_byte (i32.const 45))
        (local.set $v (i32.sub (i32.const 0) (local.get $v)))))
    (local.set $div (i32.const 1))
    (block $sized
      (loop $grow
        (br_if $sized (i32.lt_u (local.get $v) (i32.mul (local.get $div) (i32.const 10))))
        (br_if $sized (i32.ge_u (local.get $div) (i32.const 1000000000)))
        (local.set $div (i32.mul (local.get $div) (i32.const 10)))
        (br $grow)))
    (loop $digit
      (call $emit_byte (i32.add (i32.const 48) (i32.div_u (local.get $v) (local.get $div))))
      (local.set $v (i32.rem_u (local.get $v) (local.get $div)))
      (local.set $div (i32.div_u (local.get $div) (i32.const 10)))
      (br_if $digit (local.get $div))))
  (func $strlen (param $p i32) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))
  (func $submit_out (result i32)
    (call $submit_result (i32.const 8192) (i32.sub (global.get $out) (i32.const 8192))))
  (func (export "run_check")
    (call $emit_str (i32.const 1280))
    (call $emit_int (call $get_config (i32.const 4096) (i32.const 2048)))
    (call $emit_str (i32.const 1664))
    (drop (call $submit_out))))
