;; udp_sendto probe. Params: {"host":"127.0.0.1","port":P,"payload":"...","timeout_ms":1000}.
;; Sends one datagram and reports what udp_sendto returned as the metric rc.
(module
  (import "env" "get_config" (func $get_config (param i32 i32) (result i32)))
  (import "env" "log" (func $log (param i32 i32 i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (import "env" "udp_sendto" (func $udp_sendto (param i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 1024) "{\"status\":\"OK\",\"summary\":\"net-udp probe\",\"metrics\":[\00")
  (data (i32.const 1152) "\"host\"\00")
  (data (i32.const 1168) "\"port\"\00")
  (data (i32.const 1184) "\"payload\"\00")
  (data (i32.const 1200) "\"timeout_ms\"\00")
  (data (i32.const 1344) "rc\00")
  ;; ---- shared probe helpers (the same in every net-*.wat) -------------------------------------
  ;; Memory map: 1024.. constant strings, 4096.. the result being built (12 KiB),
  ;; 16384.. the params (48 KiB), 65536.. buffers of the call under test.
  (data (i32.const 3072) "{\"name\":\"\00")
  (data (i32.const 3088) "\",\"value\":\00")
  (data (i32.const 3104) "]}\00")
  (global $cfg_len (mut i32) (i32.const 0))
  (global $out (mut i32) (i32.const 4096))
  (global $metrics (mut i32) (i32.const 0))
  (func $load_config
    (global.set $cfg_len (call $get_config (i32.const 16384) (i32.const 49152)))
    (if (i32.lt_s (global.get $cfg_len) (i32.const 0))
      (then (global.set $cfg_len (i32.const 0)))))
  (func $strlen (param $p i32) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))
  (func $is_space (param $c i32) (result i32)
    (i32.or
      (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9)))
      (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13)))))
  (func $skip_space (param $p i32) (param $end i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (br_if $done (i32.eqz (call $is_space (i32.load8_u (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    (local.get $p))
  ;; Address of the value after "key": in [base, base+len), or 0. $key is NUL-terminated, quotes included.
  (func $find_in (param $base i32) (param $len i32) (param $key i32) (result i32)
    (local $klen i32) (local $end i32) (local $i i32) (local $k i32) (local $p i32)
    (local.set $klen (call $strlen (local.get $key)))
    (local.set $end (i32.add (local.get $base) (local.get $len)))
    (local.set $i (local.get $base))
    (block $none
      (loop $scan
        (br_if $none (i32.gt_u (i32.add (local.get $i) (local.get $klen)) (local.get $end)))
        (local.set $k (i32.const 0))
        (block $differ
          (loop $cmp
            (if (i32.lt_u (local.get $k) (local.get $klen))
              (then
                (br_if $differ (i32.ne (i32.load8_u (i32.add (local.get $i) (local.get $k)))
                                       (i32.load8_u (i32.add (local.get $key) (local.get $k)))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $cmp))))
          (local.set $p (call $skip_space (i32.add (local.get $i) (local.get $klen)) (local.get $end)))
          (br_if $differ (i32.ge_u (local.get $p) (local.get $end)))
          (br_if $differ (i32.ne (i32.load8_u (local.get $p)) (i32.const 58)))
          (local.set $p (call $skip_space (i32.add (local.get $p) (i32.const 1)) (local.get $end)))
          (br_if $differ (i32.ge_u (local.get $p) (local.get $end)))
          (return (local.get $p)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan)))
    (i32.const 0))
  (func $find (param $key i32) (result i32)
    (call $find_in (i32.const 16384) (global.get $cfg_len) (local.get $key)))
  (func $cfg_end (result i32) (i32.add (i32.const 16384) (global.get $cfg_len)))
  ;; The decimal integer at $p (optional minus), read up to $end.
  (func $int_at (param $p i32) (param $end i32) (result i32)
    (local $neg i32) (local $v i32) (local $c i32)
    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 45))
      (then
        (local.set $neg (i32.const 1))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))))
    (block $done
      (loop $digit
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $c (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)))
        (br_if $done (i32.gt_u (local.get $c) (i32.const 9)))
        (local.set $v (i32.add (i32.mul (local.get $v) (i32.const 10)) (local.get $c)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digit)))
    (select (i32.sub (i32.const 0) (local.get $v)) (local.get $v) (local.get $neg)))
  (func $int_or (param $key i32) (param $default i32) (result i32)
    (local $p i32)
    (local.set $p (call $find (local.get $key)))
    (if (result i32) (local.get $p)
      (then (call $int_at (local.get $p) (call $cfg_end)))
      (else (local.get $default))))
  ;; Length of the string whose opening quote is at $p (escapes are skipped over, not decoded).
  (func $str_len (param $p i32) (param $end i32) (result i32)
    (local $q i32)
    (local.set $q (i32.add (local.get $p) (i32.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
        (br_if $done (i32.eq (i32.load8_u (local.get $q)) (i32.const 34)))
        (local.set $q (i32.add (local.get $q)
          (select (i32.const 2) (i32.const 1) (i32.eq (i32.load8_u (local.get $q)) (i32.const 92)))))
        (br $next)))
    (i32.sub (local.get $q) (i32.add (local.get $p) (i32.const 1))))
  ;; String param: sets $s_ptr/$s_len (0/0 when absent or not a string).
  (global $s_ptr (mut i32) (i32.const 0))
  (global $s_len (mut i32) (i32.const 0))
  (func $string (param $key i32)
    (local $p i32)
    (global.set $s_ptr (i32.const 0))
    (global.set $s_len (i32.const 0))
    (local.set $p (call $find (local.get $key)))
    (if (i32.and (i32.ne (local.get $p) (i32.const 0)) (i32.eq (i32.load8_u (local.get $p)) (i32.const 34)))
      (then
        (global.set $s_ptr (i32.add (local.get $p) (i32.const 1)))
        (global.set $s_len (call $str_len (local.get $p) (call $cfg_end))))))
  ;; --- result builder ---
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
  (func $metric (param $name i32) (param $v i32)
    (if (global.get $metrics) (then (call $emit_byte (i32.const 44))))
    (global.set $metrics (i32.add (global.get $metrics) (i32.const 1)))
    (call $emit_str (i32.const 3072))
    (call $emit_str (local.get $name))
    (call $emit_str (i32.const 3088))
    (call $emit_int (local.get $v))
    (call $emit_byte (i32.const 125)))
  (func $finish
    (call $emit_str (i32.const 3104))
    (drop (call $submit_result (i32.const 4096) (i32.sub (global.get $out) (i32.const 4096)))))
  (func (export "run_check")
    (local $host i32) (local $host_len i32)
    (call $load_config)
    (call $emit_str (i32.const 1024))
    (call $string (i32.const 1152))
    (local.set $host (global.get $s_ptr))
    (local.set $host_len (global.get $s_len))
    (call $string (i32.const 1184))
    (call $metric (i32.const 1344)
      (call $udp_sendto (local.get $host) (local.get $host_len) (call $int_or (i32.const 1168) (i32.const 0))
                        (global.get $s_ptr) (global.get $s_len) (call $int_or (i32.const 1200) (i32.const 1000))))
    (call $finish)))
