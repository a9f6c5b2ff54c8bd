;; tcp_* probe. Params:
;;   {"host":"127.0.0.1","port":P,"connects":1,"send":"ping","read":1,"keep":0,
;;    "timeout_ms":2000,"read_timeout_ms":2000}
;; opens "connects" connections, writes "send" on the first and reads once (unless "read" is 0),
;; then closes them all (unless "keep" is 1: the run then ends with them open). With
;; {"use_handle":H} it instead writes, reads and closes handle H without connecting.
;; Reports as result metrics:
;;   first_connect, connect  the first and the last tcp_connect return (a handle or an error code)
;;   opened                   how many connects returned a handle
;;   handle                   the first handle
;;   write, read, close       what tcp_write, tcp_read and (the last) tcp_close returned
;;   read_first               the first byte read
(module
  (import "env" "get_config" (func $get_config (param i32 i32) (result i32)))
  (import "env" "log" (func $log (param i32 i32 i32)))
  (import "env" "submit_result" (func $submit_result (param i32 i32) (result i32)))
  (import "env" "tcp_connect" (func $tcp_connect (param i32 i32 i32 i32) (result i32)))
  (import "env" "tcp_read" (func $tcp_read (param i32 i32 i32 i32) (result i32)))
  (import "env" "tcp_write" (func $tcp_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "tcp_close" (func $tcp_close (param i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 1024) "{\"status\":\"OK\",\"summary\":\"net-tcp probe\",\"metrics\":[\00")
  (data (i32.const 1152) "\"host\"\00")
  (data (i32.const 1168) "\"port\"\00")
  (data (i32.const 1184) "\"connects\"\00")
  (data (i32.const 1200) "\"send\"\00")
  (data (i32.const 1216) "\"read\"\00")
  (data (i32.const 1232) "\"keep\"\00")
  (data (i32.const 1248) "\"timeout_ms\"\00")
  (data (i32.const 1264) "\"read_timeout_ms\"\00")
  (data (i32.const 1296) "\"use_handle\"\00")
  (data (i32.const 1344) "first_connect\00")
  (data (i32.const 1360) "connect\00")
  (data (i32.const 1376) "opened\00")
  (data (i32.const 1392) "handle\00")
  (data (i32.const 1408) "write\00")
  (data (i32.const 1424) "read\00")
  (data (i32.const 1440) "close\00")
  (data (i32.const 1456) "read_first\00")
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
  (global $send_ptr (mut i32) (i32.const 0))
  (global $send_len (mut i32) (i32.const 0))
  ;; Writes "send" (when given) and reads once (unless "read" is 0) on handle $h, reporting both.
  (func $exchange (param $h i32)
    (local $rc i32)
    (if (global.get $send_len)
      (then
        (call $metric (i32.const 1408)
          (call $tcp_write (local.get $h) (global.get $send_ptr) (global.get $send_len)
                           (call $int_or (i32.const 1248) (i32.const 2000))))))
    (if (call $int_or (i32.const 1216) (i32.const 1))
      (then
        (local.set $rc (call $tcp_read (local.get $h) (i32.const 65536) (i32.const 4096)
                                        (call $int_or (i32.const 1264) (i32.const 2000))))
        (call $metric (i32.const 1424) (local.get $rc))
        (if (i32.gt_s (local.get $rc) (i32.const 0))
          (then (call $metric (i32.const 1456) (i32.load8_u (i32.const 65536))))))))
  (func (export "run_check")
    (local $host i32) (local $host_len i32) (local $port i32) (local $n i32) (local $i i32)
    (local $rc i32) (local $first i32) (local $opened i32) (local $h i32) (local $last_close i32)
    (call $load_config)
    (call $emit_str (i32.const 1024))
    (call $string (i32.const 1200))
    (global.set $send_ptr (global.get $s_ptr))
    (global.set $send_len (global.get $s_len))
    (local.set $h (call $int_or (i32.const 1296) (i32.const -1)))
    (if (i32.ge_s (local.get $h) (i32.const 0))
      (then
        (call $exchange (local.get $h))
        (call $metric (i32.const 1440) (call $tcp_close (local.get $h)))
        (call $finish)
        (return)))
    (call $string (i32.const 1152))
    (local.set $host (global.get $s_ptr))
    (local.set $host_len (global.get $s_len))
    (local.set $port (call $int_or (i32.const 1168) (i32.const 0)))
    (local.set $n (call $int_or (i32.const 1184) (i32.const 1)))
    ;; handles are kept at 69632.. (at most 1000 of them)
    (block $done
      (loop $connect
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (br_if $done (i32.ge_s (local.get $i) (i32.const 1000)))
        (local.set $rc (call $tcp_connect (local.get $host) (local.get $host_len) (local.get $port)
                                           (call $int_or (i32.const 1248) (i32.const 2000))))
        (if (i32.eqz (local.get $i)) (then (local.set $first (local.get $rc))))
        (if (i32.ge_s (local.get $rc) (i32.const 0))
          (then
            (i32.store (i32.add (i32.const 69632) (i32.mul (local.get $opened) (i32.const 4))) (local.get $rc))
            (local.set $opened (i32.add (local.get $opened) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $connect)))
    (call $metric (i32.const 1344) (local.get $first))
    (call $metric (i32.const 1360) (local.get $rc))
    (call $metric (i32.const 1376) (local.get $opened))
    (if (local.get $opened)
      (then
        (call $metric (i32.const 1392) (i32.load (i32.const 69632)))
        (call $exchange (i32.load (i32.const 69632)))
        (if (i32.eqz (call $int_or (i32.const 1232) (i32.const 0)))
          (then
            (local.set $i (i32.const 0))
            (block $closed
              (loop $close
                (br_if $closed (i32.ge_s (local.get $i) (local.get $opened)))
                (local.set $last_close (call $tcp_close
                  (i32.load (i32.add (i32.const 69632) (i32.mul (local.get $i) (i32.const 4))))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $close)))
            (call $metric (i32.const 1440) (local.get $last_close))))))
    (call $finish)))
