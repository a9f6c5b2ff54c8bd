;; Reports the length of the "password" string in its params as metric password_len (-1 when
;; there is none), so a test can tell whether the host handed it the real secret or the mask.
(module
  (import "env" "get_config" (func $get_config (param i32 i32) (result i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "\"password\"")
  (data (i32.const 1280) "{\"status\":\"OK\",\"summary\":\"secret probe\",\"metrics\":[{\"name\":\"password_len\",\"value\":\00")
  (data (i32.const 1664) "}]}\00")
  ;; --- result builder: appends NUL-terminated strings and decimal i32s at $out ---
  (global $out (mut i32) (i32.const 32768))
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
  ;; 1 when the 10 bytes at $p are "password" with its quotes
  (func $is_key (param $p i32) (result i32)
    (local $i i32)
    (block $differ
      (loop $next
        (br_if $differ (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i)))
                               (i32.load8_u (i32.add (i32.const 1024) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (i32.const 10))))
      (return (i32.const 1)))
    (i32.const 0))
  ;; the length of the string value after "password" in the n config bytes at 16384, or -1
  (func $password_len (param $n i32) (result i32)
    (local $p i32) (local $end i32) (local $len i32)
    (local.set $p (i32.const 16384))
    (local.set $end (i32.add (i32.const 16384) (local.get $n)))
    (block $none
      (loop $search
        (br_if $none (i32.gt_u (i32.add (local.get $p) (i32.const 10)) (local.get $end)))
        (if (i32.eqz (call $is_key (local.get $p)))
          (then
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $search))))
      (local.set $p (i32.add (local.get $p) (i32.const 10)))
      ;; skip ':' and blanks up to the opening quote
      (loop $skip
        (br_if $none (i32.ge_u (local.get $p) (local.get $end)))
        (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 34))
          (then
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $skip))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (loop $count
        (br_if $none (i32.ge_u (local.get $p) (local.get $end)))
        (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 34))
          (then
            (local.set $len (i32.add (local.get $len) (i32.const 1)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $count))))
      (return (local.get $len)))
    (i32.const -1))
  (func (export "run_check")
    (local $n i32)
    (local.set $n (call $get_config (i32.const 16384) (i32.const 8192)))
    (call $emit_str (i32.const 1280))
    (call $emit_int (if (result i32) (i32.lt_s (local.get $n) (i32.const 0))
                      (then (i32.const -1))
                      (else (call $password_len (local.get $n)))))
    (call $emit_str (i32.const 1664))
    (drop (call $submit_result (i32.const 32768) (i32.sub (global.get $out) (i32.const 32768))))))
