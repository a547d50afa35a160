;; The SIMD kernels behind Content and EASE scoring (V8 does not vectorise JavaScript loops; these use
;; 128-bit f32x4 lanes). Assembled by `npm run build:kernels` into simd-kernels.generated.ts; the JavaScript
;; reference kernels beside it compute the same sums (in f64) and a test compares the two.
;;
;; Every pointer is a byte offset into the imported memory, which the caller lays out (kernel-memory.ts).
;; Arithmetic is plain IEEE f32 (no fused multiply-add), so a lane's result depends only on its own inputs:
;; a group member scores the same whether the kernel runs 4 or 8 lanes, and whoever shares the pass.
(module
  (import "env" "memory" (memory 0))

  ;; Content: for each CSR row i, acc = Σ_p data[p] · profile[indices[p]] over the row's nonzeros, where a
  ;; profile entry is `lanes` f32 (one per library, interleaved: profile[f·lanes + w]); out plane w (at
  ;; out + w·rows·4) gets lane w of acc · scales. sparseDots4 reads one v128 per nonzero, sparseDots8 two.
  (func (export "sparseDots4")
    (param $indptr i32) (param $indices i32) (param $data i32) (param $rows i32)
    (param $profile i32) (param $scales i32) (param $out i32)
    (local $q i32) (local $end i32) (local $stop i32) (local $plane i32) (local $q1 i32) (local $end1 i32)
    (local $common i32) (local $acc v128) (local $acc1 v128) (local $scale v128)
    (local.set $scale (v128.load (local.get $scales)))
    (local.set $plane (i32.shl (local.get $rows) (i32.const 2)))
    ;; $q walks the nonzeros as a byte offset (4 bytes each in indices and in data); each row's end is read once.
    (local.set $q (i32.shl (i32.load (local.get $indptr)) (i32.const 2)))
    (local.set $stop (i32.add (local.get $out) (local.get $plane)))
    ;; Two rows at a time, each with its own accumulator, through the length they share and then each one's
    ;; rest: a row's terms are summed in the same order as one row at a time (so the same floats), while the
    ;; two sums' additions overlap instead of each waiting on the last.
    (block $pairs_done
      (loop $pair
        (br_if $pairs_done (i32.ge_u (i32.add (local.get $out) (i32.const 4)) (local.get $stop)))
        (local.set $end (i32.shl (i32.load offset=4 (local.get $indptr)) (i32.const 2)))
        (local.set $q1 (local.get $end))
        (local.set $end1 (i32.shl (i32.load offset=8 (local.get $indptr)) (i32.const 2)))
        (local.set $indptr (i32.add (local.get $indptr) (i32.const 8)))
        (local.set $common (select
          (i32.sub (local.get $end) (local.get $q))
          (i32.sub (local.get $end1) (local.get $q1))
          (i32.lt_u (i32.sub (local.get $end) (local.get $q)) (i32.sub (local.get $end1) (local.get $q1)))))
        (local.set $common (i32.add (local.get $q) (local.get $common)))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $acc1 (v128.const f32x4 0 0 0 0))
        (block $both_done
          (br_if $both_done (i32.ge_u (local.get $q) (local.get $common)))
          (loop $both
            (local.set $acc
              (f32x4.add (local.get $acc)
                (f32x4.mul
                  (v128.load32_splat (i32.add (local.get $data) (local.get $q)))
                  (v128.load
                    (i32.add (local.get $profile)
                      (i32.shl (i32.load (i32.add (local.get $indices) (local.get $q))) (i32.const 4)))))))
            (local.set $acc1
              (f32x4.add (local.get $acc1)
                (f32x4.mul
                  (v128.load32_splat (i32.add (local.get $data) (local.get $q1)))
                  (v128.load
                    (i32.add (local.get $profile)
                      (i32.shl (i32.load (i32.add (local.get $indices) (local.get $q1))) (i32.const 4)))))))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (local.set $q1 (i32.add (local.get $q1) (i32.const 4)))
            (br_if $both (i32.lt_u (local.get $q) (local.get $common)))))
        (block $first_done
          (br_if $first_done (i32.ge_u (local.get $q) (local.get $end)))
          (loop $first
            (local.set $acc
              (f32x4.add (local.get $acc)
                (f32x4.mul
                  (v128.load32_splat (i32.add (local.get $data) (local.get $q)))
                  (v128.load
                    (i32.add (local.get $profile)
                      (i32.shl (i32.load (i32.add (local.get $indices) (local.get $q))) (i32.const 4)))))))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br_if $first (i32.lt_u (local.get $q) (local.get $end)))))
        (block $second_done
          (br_if $second_done (i32.ge_u (local.get $q1) (local.get $end1)))
          (loop $second
            (local.set $acc1
              (f32x4.add (local.get $acc1)
                (f32x4.mul
                  (v128.load32_splat (i32.add (local.get $data) (local.get $q1)))
                  (v128.load
                    (i32.add (local.get $profile)
                      (i32.shl (i32.load (i32.add (local.get $indices) (local.get $q1))) (i32.const 4)))))))
            (local.set $q1 (i32.add (local.get $q1) (i32.const 4)))
            (br_if $second (i32.lt_u (local.get $q1) (local.get $end1)))))
        (local.set $q (local.get $end1))
        (local.set $acc (f32x4.mul (local.get $acc) (local.get $scale)))
        (local.set $acc1 (f32x4.mul (local.get $acc1) (local.get $scale)))
        (f32.store (local.get $out) (f32x4.extract_lane 0 (local.get $acc)))
        (f32.store offset=4 (local.get $out) (f32x4.extract_lane 0 (local.get $acc1)))
        (f32.store (i32.add (local.get $out) (local.get $plane)) (f32x4.extract_lane 1 (local.get $acc)))
        (f32.store offset=4 (i32.add (local.get $out) (local.get $plane)) (f32x4.extract_lane 1 (local.get $acc1)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $plane) (i32.const 1)))
          (f32x4.extract_lane 2 (local.get $acc)))
        (f32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $plane) (i32.const 1)))
          (f32x4.extract_lane 2 (local.get $acc1)))
        (f32.store (i32.add (local.get $out) (i32.mul (local.get $plane) (i32.const 3)))
          (f32x4.extract_lane 3 (local.get $acc)))
        (f32.store offset=4 (i32.add (local.get $out) (i32.mul (local.get $plane) (i32.const 3)))
          (f32x4.extract_lane 3 (local.get $acc1)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (br $pair)))
    ;; An odd last row alone.
    (block $done
      (br_if $done (i32.ge_u (local.get $out) (local.get $stop)))
      (local.set $end (i32.shl (i32.load offset=4 (local.get $indptr)) (i32.const 2)))
      (local.set $acc (v128.const f32x4 0 0 0 0))
      (block $row_done
        (br_if $row_done (i32.ge_u (local.get $q) (local.get $end)))
        (loop $nonzero
          (local.set $acc
            (f32x4.add (local.get $acc)
              (f32x4.mul
                (v128.load32_splat (i32.add (local.get $data) (local.get $q)))
                (v128.load
                  (i32.add (local.get $profile)
                    (i32.shl (i32.load (i32.add (local.get $indices) (local.get $q))) (i32.const 4)))))))
          (local.set $q (i32.add (local.get $q) (i32.const 4)))
          (br_if $nonzero (i32.lt_u (local.get $q) (local.get $end)))))
      (local.set $acc (f32x4.mul (local.get $acc) (local.get $scale)))
      (f32.store (local.get $out) (f32x4.extract_lane 0 (local.get $acc)))
      (f32.store (i32.add (local.get $out) (local.get $plane)) (f32x4.extract_lane 1 (local.get $acc)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $plane) (i32.const 1)))
        (f32x4.extract_lane 2 (local.get $acc)))
      (f32.store (i32.add (local.get $out) (i32.mul (local.get $plane) (i32.const 3)))
        (f32x4.extract_lane 3 (local.get $acc)))))

  (func (export "sparseDots8")
    (param $indptr i32) (param $indices i32) (param $data i32) (param $rows i32)
    (param $profile i32) (param $scales i32) (param $out i32)
    (local $q i32) (local $end i32) (local $stop i32) (local $plane i32) (local $at i32)
    (local $lo v128) (local $hi v128) (local $v v128) (local $scaleLo v128) (local $scaleHi v128)
    (local.set $scaleLo (v128.load (local.get $scales)))
    (local.set $scaleHi (v128.load offset=16 (local.get $scales)))
    (local.set $plane (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $q (i32.shl (i32.load (local.get $indptr)) (i32.const 2)))
    (local.set $stop (i32.add (local.get $out) (local.get $plane)))
    (block $done
      (br_if $done (i32.eqz (local.get $rows)))
      (loop $row
        (local.set $indptr (i32.add (local.get $indptr) (i32.const 4)))
        (local.set $end (i32.shl (i32.load (local.get $indptr)) (i32.const 2)))
        (local.set $lo (v128.const f32x4 0 0 0 0))
        (local.set $hi (v128.const f32x4 0 0 0 0))
        (block $row_done
          (br_if $row_done (i32.ge_u (local.get $q) (local.get $end)))
          (loop $nonzero
            (local.set $v (v128.load32_splat (i32.add (local.get $data) (local.get $q))))
            (local.set $at
              (i32.add (local.get $profile)
                (i32.shl (i32.load (i32.add (local.get $indices) (local.get $q))) (i32.const 5))))
            (local.set $lo (f32x4.add (local.get $lo) (f32x4.mul (local.get $v) (v128.load (local.get $at)))))
            (local.set $hi
              (f32x4.add (local.get $hi) (f32x4.mul (local.get $v) (v128.load offset=16 (local.get $at)))))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br_if $nonzero (i32.lt_u (local.get $q) (local.get $end)))))
        (local.set $lo (f32x4.mul (local.get $lo) (local.get $scaleLo)))
        (local.set $hi (f32x4.mul (local.get $hi) (local.get $scaleHi)))
        ;; Planes 0..7 of row i: $at steps one plane at a time.
        (local.set $at (local.get $out))
        (f32.store (local.get $at) (f32x4.extract_lane 0 (local.get $lo)))
        (local.set $at (i32.add (local.get $at) (local.get $plane)))
        (f32.store (local.get $at) (f32x4.extract_lane 1 (local.get $lo)))
        (local.set $at (i32.add (local.get $at) (local.get $plane)))
        (f32.store (local.get $at) (f32x4.extract_lane 2 (local.get $lo)))
        (local.set $at (i32.add (local.get $at) (local.get $plane)))
        (f32.store (local.get $at) (f32x4.extract_lane 3 (local.get $lo)))
        (local.set $at (i32.add (local.get $at) (local.get $plane)))
        (f32.store (local.get $at) (f32x4.extract_lane 0 (local.get $hi)))
        (local.set $at (i32.add (local.get $at) (local.get $plane)))
        (f32.store (local.get $at) (f32x4.extract_lane 1 (local.get $hi)))
        (local.set $at (i32.add (local.get $at) (local.get $plane)))
        (f32.store (local.get $at) (f32x4.extract_lane 2 (local.get $hi)))
        (local.set $at (i32.add (local.get $at) (local.get $plane)))
        (f32.store (local.get $at) (f32x4.extract_lane 3 (local.get $hi)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br_if $row (i32.lt_u (local.get $out) (local.get $stop))))))

  ;; EASE: out[c] += Σ_t weights[t] · B[rows[t]·n + c] for t < count, c < n (B dense n×n row-major, rows[t]
  ;; a row number, weights f32). Four rows at a time, so out is loaded and stored once per four rows, each
  ;; column summed as out + (((w0·b0 + w1·b1) + w2·b2) + w3·b3) like the JavaScript reference; then the rest
  ;; one row at a time. The last n mod 4 columns go through the same arithmetic one lane at a time.
  (func (export "denseRowSums")
    (param $b i32) (param $n i32) (param $rows i32) (param $weights i32) (param $count i32) (param $out i32)
    (local $rowBytes i32) (local $vecBytes i32) (local $c i32) (local $t i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local $s0 f32) (local $s1 f32) (local $s2 f32) (local $s3 f32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vecBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.gt_u (i32.add (local.get $t) (i32.const 4)) (local.get $count)))
        (local.set $r0 (i32.add (local.get $b)
          (i32.mul (i32.load (local.get $rows)) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $b)
          (i32.mul (i32.load offset=4 (local.get $rows)) (local.get $rowBytes))))
        (local.set $r2 (i32.add (local.get $b)
          (i32.mul (i32.load offset=8 (local.get $rows)) (local.get $rowBytes))))
        (local.set $r3 (i32.add (local.get $b)
          (i32.mul (i32.load offset=12 (local.get $rows)) (local.get $rowBytes))))
        (local.set $s0 (f32.load (local.get $weights)))
        (local.set $s1 (f32.load offset=4 (local.get $weights)))
        (local.set $s2 (f32.load offset=8 (local.get $weights)))
        (local.set $s3 (f32.load offset=12 (local.get $weights)))
        (local.set $w0 (f32x4.splat (local.get $s0)))
        (local.set $w1 (f32x4.splat (local.get $s1)))
        (local.set $w2 (f32x4.splat (local.get $s2)))
        (local.set $w3 (f32x4.splat (local.get $s3)))
        (local.set $c (i32.const 0))
        (block $vectors_done
          (loop $vector
            (br_if $vectors_done (i32.ge_u (local.get $c) (local.get $vecBytes)))
            (v128.store (i32.add (local.get $out) (local.get $c))
              (f32x4.add (v128.load (i32.add (local.get $out) (local.get $c)))
                (f32x4.add
                  (f32x4.add
                    (f32x4.add
                      (f32x4.mul (local.get $w0) (v128.load (i32.add (local.get $r0) (local.get $c))))
                      (f32x4.mul (local.get $w1) (v128.load (i32.add (local.get $r1) (local.get $c)))))
                    (f32x4.mul (local.get $w2) (v128.load (i32.add (local.get $r2) (local.get $c)))))
                  (f32x4.mul (local.get $w3) (v128.load (i32.add (local.get $r3) (local.get $c)))))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $vector)))
        (block $scalars_done
          (loop $scalar
            (br_if $scalars_done (i32.ge_u (local.get $c) (local.get $rowBytes)))
            (f32.store (i32.add (local.get $out) (local.get $c))
              (f32.add (f32.load (i32.add (local.get $out) (local.get $c)))
                (f32.add
                  (f32.add
                    (f32.add
                      (f32.mul (local.get $s0) (f32.load (i32.add (local.get $r0) (local.get $c))))
                      (f32.mul (local.get $s1) (f32.load (i32.add (local.get $r1) (local.get $c)))))
                    (f32.mul (local.get $s2) (f32.load (i32.add (local.get $r2) (local.get $c)))))
                  (f32.mul (local.get $s3) (f32.load (i32.add (local.get $r3) (local.get $c)))))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $scalar)))
        (local.set $rows (i32.add (local.get $rows) (i32.const 16)))
        (local.set $weights (i32.add (local.get $weights) (i32.const 16)))
        (local.set $t (i32.add (local.get $t) (i32.const 4)))
        (br $block)))
    (block $singles_done
      (loop $single
        (br_if $singles_done (i32.ge_u (local.get $t) (local.get $count)))
        (local.set $r0 (i32.add (local.get $b)
          (i32.mul (i32.load (local.get $rows)) (local.get $rowBytes))))
        (local.set $s0 (f32.load (local.get $weights)))
        (local.set $w0 (f32x4.splat (local.get $s0)))
        (local.set $c (i32.const 0))
        (block $vectors_done
          (loop $vector
            (br_if $vectors_done (i32.ge_u (local.get $c) (local.get $vecBytes)))
            (v128.store (i32.add (local.get $out) (local.get $c))
              (f32x4.add (v128.load (i32.add (local.get $out) (local.get $c)))
                (f32x4.mul (local.get $w0) (v128.load (i32.add (local.get $r0) (local.get $c))))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $vector)))
        (block $scalars_done
          (loop $scalar
            (br_if $scalars_done (i32.ge_u (local.get $c) (local.get $rowBytes)))
            (f32.store (i32.add (local.get $out) (local.get $c))
              (f32.add (f32.load (i32.add (local.get $out) (local.get $c)))
                (f32.mul (local.get $s0) (f32.load (i32.add (local.get $r0) (local.get $c))))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $scalar)))
        (local.set $rows (i32.add (local.get $rows) (i32.const 4)))
        (local.set $weights (i32.add (local.get $weights) (i32.const 4)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $single))))

  ;; Rank percentiles (rank-percentiles.ts, the histogram form): the same f64 arithmetic, in the same order,
  ;; as its JavaScript, each result rounded to f32 once, so every output is bit-identical to it.
  ;;
  ;; finiteRange: the least and greatest finite scores[i] (i < n) as f32 at range and range + 4 (+Infinity
  ;; and −Infinity when there are none); returns the first i with scores[i] NaN, or −1. (Which zero a ±0
  ;; extreme keeps cannot change a percentile: lo only enters as v − lo and hi − lo.) The usual case, every
  ;; score finite, goes eight scores per step in two independent vectors (one min/max chain waited on itself:
  ;; this kernel was ~7% of a group request), testing lanes only by one AND of |v| < inf (false for ±inf and
  ;; NaN alike); if any lane failed it, $finiteRangeExact answers instead, from the start. The last n mod 8
  ;; scores go one at a time.
  (func (export "finiteRange") (param $scores i32) (param $n i32) (param $range i32) (result i32)
    (local $i i32) (local $at i32) (local $v0 v128) (local $v1 v128) (local $finite v128)
    (local $lo0 v128) (local $hi0 v128) (local $lo1 v128) (local $hi1 v128)
    (local $x f32) (local $lo f32) (local $hi f32)
    (local.set $lo0 (v128.const f32x4 inf inf inf inf))
    (local.set $hi0 (v128.const f32x4 -inf -inf -inf -inf))
    (local.set $lo1 (local.get $lo0))
    (local.set $hi1 (local.get $hi0))
    (local.set $finite (v128.const i32x4 -1 -1 -1 -1))
    (block $vectors_done
      (loop $vector
        (br_if $vectors_done (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $n)))
        (local.set $at (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $v0 (v128.load (local.get $at)))
        (local.set $v1 (v128.load offset=16 (local.get $at)))
        (local.set $finite (v128.and (local.get $finite)
          (v128.and
            (f32x4.lt (f32x4.abs (local.get $v0)) (v128.const f32x4 inf inf inf inf))
            (f32x4.lt (f32x4.abs (local.get $v1)) (v128.const f32x4 inf inf inf inf)))))
        (local.set $lo0 (f32x4.pmin (local.get $lo0) (local.get $v0)))
        (local.set $hi0 (f32x4.pmax (local.get $hi0) (local.get $v0)))
        (local.set $lo1 (f32x4.pmin (local.get $lo1) (local.get $v1)))
        (local.set $hi1 (f32x4.pmax (local.get $hi1) (local.get $v1)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $vector)))
    (if (i32.eqz (i32x4.all_true (local.get $finite)))
      (then (return (call $finiteRangeExact (local.get $scores) (local.get $n) (local.get $range)))))
    (local.set $lo0 (f32x4.pmin (local.get $lo0) (local.get $lo1)))
    (local.set $hi0 (f32x4.pmax (local.get $hi0) (local.get $hi1)))
    (local.set $lo (f32.min (f32.min (f32x4.extract_lane 0 (local.get $lo0)) (f32x4.extract_lane 1 (local.get $lo0)))
      (f32.min (f32x4.extract_lane 2 (local.get $lo0)) (f32x4.extract_lane 3 (local.get $lo0)))))
    (local.set $hi (f32.max (f32.max (f32x4.extract_lane 0 (local.get $hi0)) (f32x4.extract_lane 1 (local.get $hi0)))
      (f32.max (f32x4.extract_lane 2 (local.get $hi0)) (f32x4.extract_lane 3 (local.get $hi0)))))
    (block $scalars_done
      (loop $scalar
        (br_if $scalars_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (f32.load (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2)))))
        (if (f32.ne (local.get $x) (local.get $x)) (then (return (local.get $i))))
        (if (f32.ne (f32.abs (local.get $x)) (f32.const inf))
          (then
            (local.set $lo (f32.min (local.get $lo) (local.get $x)))
            (local.set $hi (f32.max (local.get $hi) (local.get $x)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scalar)))
    (f32.store (local.get $range) (local.get $lo))
    (f32.store offset=4 (local.get $range) (local.get $hi))
    (i32.const -1))

  ;; finiteRange with every lane tested: four lanes at a time; a vector holding a NaN, and the last n mod 4
  ;; scores, one at a time.
  (func $finiteRangeExact (param $scores i32) (param $n i32) (param $range i32) (result i32)
    (local $i i32) (local $v v128) (local $inf v128) (local $vlo v128) (local $vhi v128)
    (local $x f32) (local $lo f32) (local $hi f32)
    (local.set $vlo (v128.const f32x4 inf inf inf inf))
    (local.set $vhi (v128.const f32x4 -inf -inf -inf -inf))
    (block $vectors_done
      (loop $vector
        (br_if $vectors_done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $v (v128.load (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2)))))
        (br_if $vectors_done (v128.any_true (f32x4.ne (local.get $v) (local.get $v))))
        (local.set $inf (f32x4.eq (f32x4.abs (local.get $v)) (v128.const f32x4 inf inf inf inf)))
        (local.set $vlo (f32x4.pmin (local.get $vlo)
          (v128.bitselect (v128.const f32x4 inf inf inf inf) (local.get $v) (local.get $inf))))
        (local.set $vhi (f32x4.pmax (local.get $vhi)
          (v128.bitselect (v128.const f32x4 -inf -inf -inf -inf) (local.get $v) (local.get $inf))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $vector)))
    (local.set $lo (f32.min (f32.min (f32x4.extract_lane 0 (local.get $vlo)) (f32x4.extract_lane 1 (local.get $vlo)))
      (f32.min (f32x4.extract_lane 2 (local.get $vlo)) (f32x4.extract_lane 3 (local.get $vlo)))))
    (local.set $hi (f32.max (f32.max (f32x4.extract_lane 0 (local.get $vhi)) (f32x4.extract_lane 1 (local.get $vhi)))
      (f32.max (f32x4.extract_lane 2 (local.get $vhi)) (f32x4.extract_lane 3 (local.get $vhi)))))
    (block $scalars_done
      (loop $scalar
        (br_if $scalars_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (f32.load (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2)))))
        (if (f32.ne (local.get $x) (local.get $x)) (then (return (local.get $i))))
        (if (f32.ne (f32.abs (local.get $x)) (f32.const inf))
          (then
            (local.set $lo (f32.min (local.get $lo) (local.get $x)))
            (local.set $hi (f32.max (local.get $hi) (local.get $x)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scalar)))
    (f32.store (local.get $range) (local.get $lo))
    (f32.store offset=4 (local.get $range) (local.get $hi))
    (i32.const -1))

  ;; percentileBins: binOf[i] = the bin of scores[i] (i32), and counts[b] = how many scores lie in bins below b,
  ;; for b ≤ top + 1. The bin is trunc((v − lo)·scale) clamped to 0..top, which is JavaScript's `x | 0` then
  ;; the clamp for every x here (+Infinity saturates to the top bin, −Infinity to bin 0). Four scores at a
  ;; time (two f64x2 halves), each lane counted in a histogram of its own (counts + lane·stride bytes, all
  ;; four zeroed by the caller), so runs of equal bins do not wait on one counter; then summed into the first.
  (func (export "percentileBins")
    (param $scores i32) (param $n i32) (param $lo f64) (param $scale f64) (param $top i32)
    (param $binOf i32) (param $counts i32) (param $stride i32)
    (local $i i32) (local $v v128) (local $b v128) (local $vlo v128) (local $vscale v128) (local $vtop v128)
    (local $x i32) (local $at i32) (local $end i32) (local $sum i32)
    (local.set $vlo (f64x2.splat (local.get $lo)))
    (local.set $vscale (f64x2.splat (local.get $scale)))
    (local.set $vtop (i32x4.splat (local.get $top)))
    (block $vectors_done
      (loop $vector
        (br_if $vectors_done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $v (v128.load (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $b
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (i32x4.trunc_sat_f64x2_s_zero
              (f64x2.mul (f64x2.sub (f64x2.promote_low_f32x4 (local.get $v)) (local.get $vlo))
                (local.get $vscale)))
            (i32x4.trunc_sat_f64x2_s_zero
              (f64x2.mul
                (f64x2.sub
                  (f64x2.promote_low_f32x4
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))
                  (local.get $vlo))
                (local.get $vscale)))))
        (local.set $b (i32x4.max_s (i32x4.min_s (local.get $b) (local.get $vtop)) (v128.const i32x4 0 0 0 0)))
        (v128.store (i32.add (local.get $binOf) (i32.shl (local.get $i) (i32.const 2))) (local.get $b))
        (local.set $at (i32.add (local.get $counts) (i32.shl (i32x4.extract_lane 0 (local.get $b)) (i32.const 2))))
        (i32.store offset=4 (local.get $at) (i32.add (i32.load offset=4 (local.get $at)) (i32.const 1)))
        (local.set $at (i32.add (i32.add (local.get $counts) (local.get $stride))
          (i32.shl (i32x4.extract_lane 1 (local.get $b)) (i32.const 2))))
        (i32.store offset=4 (local.get $at) (i32.add (i32.load offset=4 (local.get $at)) (i32.const 1)))
        (local.set $at (i32.add (i32.add (local.get $counts) (i32.shl (local.get $stride) (i32.const 1)))
          (i32.shl (i32x4.extract_lane 2 (local.get $b)) (i32.const 2))))
        (i32.store offset=4 (local.get $at) (i32.add (i32.load offset=4 (local.get $at)) (i32.const 1)))
        (local.set $at (i32.add (i32.add (local.get $counts) (i32.mul (local.get $stride) (i32.const 3)))
          (i32.shl (i32x4.extract_lane 3 (local.get $b)) (i32.const 2))))
        (i32.store offset=4 (local.get $at) (i32.add (i32.load offset=4 (local.get $at)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $vector)))
    (block $scalars_done
      (loop $scalar
        (br_if $scalars_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (i32.trunc_sat_f64_s
          (f64.mul
            (f64.sub
              (f64.promote_f32 (f32.load (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2)))))
              (local.get $lo))
            (local.get $scale))))
        (if (i32.gt_s (local.get $x) (local.get $top))
          (then (local.set $x (local.get $top)))
          (else (if (i32.lt_s (local.get $x) (i32.const 0)) (then (local.set $x (i32.const 0))))))
        (i32.store (i32.add (local.get $binOf) (i32.shl (local.get $i) (i32.const 2))) (local.get $x))
        (local.set $at (i32.add (local.get $counts) (i32.shl (local.get $x) (i32.const 2))))
        (i32.store offset=4 (local.get $at) (i32.add (i32.load offset=4 (local.get $at)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scalar)))
    ;; The four histograms summed into the first, a vector at a time ($stride is a multiple of 16).
    (local.set $at (local.get $counts))
    (local.set $end (i32.add (local.get $counts) (local.get $stride)))
    (block $merged
      (loop $merge
        (br_if $merged (i32.ge_u (local.get $at) (local.get $end)))
        (v128.store (local.get $at)
          (i32x4.add
            (i32x4.add (v128.load (local.get $at)) (v128.load (i32.add (local.get $at) (local.get $stride))))
            (i32x4.add
              (v128.load (i32.add (local.get $at) (i32.shl (local.get $stride) (i32.const 1))))
              (v128.load (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 3)))))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $merge)))
    (local.set $at (i32.add (local.get $counts) (i32.shl (local.get $top) (i32.const 2))))
    (block $summed
      (loop $bin
        (br_if $summed (i32.gt_u (local.get $counts) (local.get $at)))
        (local.set $sum (i32.add (local.get $sum) (i32.load offset=4 (local.get $counts))))
        (i32.store offset=4 (local.get $counts) (local.get $sum))
        (local.set $counts (i32.add (local.get $counts) (i32.const 4)))
        (br $bin))))

  ;; percentilesAll: out[i] = the percentile of score i, for i < n: with b its bin, below = counts[b] and
  ;; offset = (v − lo)·scale − b, (below + clamp(offset, 0, 1)·(counts[b + 1] − below − 1))·inv, all in f64,
  ;; rounded to f32 once; the clamp is the JavaScript's two comparisons (offset > 0, offset < 1) as selects,
  ;; so −0 becomes +0 as there. (Written out in both loops: a shared function was not inlined and cost ~30%.)
  (func (export "percentilesAll")
    (param $scores i32) (param $n i32) (param $lo f64) (param $scale f64) (param $inv f64)
    (param $binOf i32) (param $counts i32) (param $out i32)
    (local $i i32) (local $b i32) (local $c i32) (local $below f64) (local $offset f64)
    (block $done
      (loop $score
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $b (i32.load (i32.add (local.get $binOf) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $c (i32.add (local.get $counts) (i32.shl (local.get $b) (i32.const 2))))
        (local.set $below (f64.convert_i32_s (i32.load (local.get $c))))
        (local.set $offset
          (f64.sub
            (f64.mul
              (f64.sub
                (f64.promote_f32 (f32.load (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2)))))
                (local.get $lo))
              (local.get $scale))
            (f64.convert_i32_s (local.get $b))))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (f32.demote_f64
            (f64.mul
              (f64.add (local.get $below)
                (f64.mul
                  (select
                    (select (local.get $offset) (f64.const 0) (f64.gt (local.get $offset) (f64.const 0)))
                    (f64.const 1)
                    (f64.lt (local.get $offset) (f64.const 1)))
                  (f64.sub
                    (f64.sub (f64.convert_i32_s (i32.load offset=4 (local.get $c))) (local.get $below))
                    (f64.const 1))))
              (local.get $inv))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $score))))

  ;; percentilesAt: out[p] = the percentile of score at[p] (as above), for p < m; returns the first p whose at[p] is not
  ;; one of the n scores (out[0..p) written, nothing after), or −1.
  (func (export "percentilesAt")
    (param $scores i32) (param $n i32) (param $at i32) (param $m i32) (param $lo f64) (param $scale f64)
    (param $inv f64) (param $binOf i32) (param $counts i32) (param $out i32) (result i32)
    (local $p i32) (local $i i32) (local $b i32) (local $c i32) (local $below f64) (local $offset f64)
    (block $done
      (loop $position
        (br_if $done (i32.ge_u (local.get $p) (local.get $m)))
        (local.set $i (i32.load (i32.add (local.get $at) (i32.shl (local.get $p) (i32.const 2)))))
        (if (i32.ge_u (local.get $i) (local.get $n)) (then (return (local.get $p))))
        (local.set $b (i32.load (i32.add (local.get $binOf) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $c (i32.add (local.get $counts) (i32.shl (local.get $b) (i32.const 2))))
        (local.set $below (f64.convert_i32_s (i32.load (local.get $c))))
        (local.set $offset
          (f64.sub
            (f64.mul
              (f64.sub
                (f64.promote_f32 (f32.load (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2)))))
                (local.get $lo))
              (local.get $scale))
            (f64.convert_i32_s (local.get $b))))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 2)))
          (f32.demote_f64
            (f64.mul
              (f64.add (local.get $below)
                (f64.mul
                  (select
                    (select (local.get $offset) (f64.const 0) (f64.gt (local.get $offset) (f64.const 0)))
                    (f64.const 1)
                    (f64.lt (local.get $offset) (f64.const 1)))
                  (f64.sub
                    (f64.sub (f64.convert_i32_s (i32.load offset=4 (local.get $c))) (local.get $below))
                    (f64.const 1))))
              (local.get $inv))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $position)))
    (i32.const -1))

  ;; Rank percentiles (rank-percentiles.ts, the exact form): radixRanks is rankPercentilesInto's LSD radix
  ;; sort in the same steps, for n ≥ 2 scores. keys[i] is the order-preserving image of scores[i]'s bits
  ;; (−0 as +0); counts holds four 256-bin histograms (4 KiB), one per key byte, made in the same pass; a byte
  ;; on which every key agrees is skipped; then each run of equal keys r = start … end − 1 gets the f64
  ;; (start + end − 1) / 2 / (n − 1) rounded to f32 once, so every output is bit-identical to the JavaScript.
  ;; keys/order and spareKeys/spareOrder swap roles each pass. Returns the first i with scores[i] NaN (out
  ;; then untouched), or −1.
  (func (export "radixRanks")
    (param $scores i32) (param $n i32) (param $keys i32) (param $order i32) (param $spareKeys i32)
    (param $spareOrder i32) (param $counts i32) (param $out i32) (result i32)
    (local $i i32) (local $b i32) (local $key i32) (local $shift i32) (local $base i32) (local $d i32)
    (local $sum i32) (local $c i32) (local $slot i32) (local $at i32) (local $t i32) (local $start i32)
    (local $end i32) (local $p f32) (local $last f64)
    ;; Zero the four histograms.
    (local.set $d (i32.const 0))
    (loop $zero
      (v128.store (i32.add (local.get $counts) (local.get $d)) (v128.const i32x4 0 0 0 0))
      (local.set $d (i32.add (local.get $d) (i32.const 16)))
      (br_if $zero (i32.lt_u (local.get $d) (i32.const 4096))))
    ;; Keys, positions and the four histograms in one pass.
    (local.set $i (i32.const 0))
    (block $keys_done
      (loop $key
        (br_if $keys_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $b (i32.load (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.gt_u (i32.and (local.get $b) (i32.const 0x7fffffff)) (i32.const 0x7f800000))
          (then (return (local.get $i))))
        (local.set $key
          (if (result i32) (i32.eq (local.get $b) (i32.const 0x80000000))
            (then (local.get $b))
            (else
              (if (result i32) (i32.lt_s (local.get $b) (i32.const 0))
                (then (i32.xor (local.get $b) (i32.const -1)))
                (else (i32.or (local.get $b) (i32.const 0x80000000)))))))
        (i32.store (i32.add (local.get $keys) (i32.shl (local.get $i) (i32.const 2))) (local.get $key))
        (i32.store (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2))) (local.get $i))
        (local.set $slot (i32.add (local.get $counts)
          (i32.shl (i32.and (local.get $key) (i32.const 255)) (i32.const 2))))
        (i32.store (local.get $slot) (i32.add (i32.load (local.get $slot)) (i32.const 1)))
        (local.set $slot (i32.add (local.get $counts)
          (i32.shl (i32.and (i32.shr_u (local.get $key) (i32.const 8)) (i32.const 255)) (i32.const 2))))
        (i32.store offset=1024 (local.get $slot) (i32.add (i32.load offset=1024 (local.get $slot)) (i32.const 1)))
        (local.set $slot (i32.add (local.get $counts)
          (i32.shl (i32.and (i32.shr_u (local.get $key) (i32.const 16)) (i32.const 255)) (i32.const 2))))
        (i32.store offset=2048 (local.get $slot) (i32.add (i32.load offset=2048 (local.get $slot)) (i32.const 1)))
        (local.set $slot (i32.add (local.get $counts)
          (i32.shl (i32.shr_u (local.get $key) (i32.const 24)) (i32.const 2))))
        (i32.store offset=3072 (local.get $slot) (i32.add (i32.load offset=3072 (local.get $slot)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $key)))
    ;; One stable counting pass per key byte, least significant first.
    (local.set $shift (i32.const 0))
    (loop $pass
      (local.set $base (i32.add (local.get $counts) (i32.shl (local.get $shift) (i32.const 7))))
      (if (i32.ne
            (i32.load (i32.add (local.get $base) (i32.shl
              (i32.and (i32.shr_u (i32.load (local.get $keys)) (local.get $shift)) (i32.const 255))
              (i32.const 2))))
            (local.get $n))
        (then
          ;; Each count becomes the first slot of its digit.
          (local.set $sum (i32.const 0))
          (local.set $d (i32.const 0))
          (loop $prefix
            (local.set $slot (i32.add (local.get $base) (local.get $d)))
            (local.set $c (i32.load (local.get $slot)))
            (i32.store (local.get $slot) (local.get $sum))
            (local.set $sum (i32.add (local.get $sum) (local.get $c)))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (br_if $prefix (i32.lt_u (local.get $d) (i32.const 1024))))
          (local.set $i (i32.const 0))
          (loop $scatter
            (local.set $key (i32.load (i32.add (local.get $keys) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $slot (i32.add (local.get $base) (i32.shl
              (i32.and (i32.shr_u (local.get $key) (local.get $shift)) (i32.const 255)) (i32.const 2))))
            (local.set $at (i32.shl (i32.load (local.get $slot)) (i32.const 2)))
            (i32.store (local.get $slot) (i32.add (i32.load (local.get $slot)) (i32.const 1)))
            (i32.store (i32.add (local.get $spareKeys) (local.get $at)) (local.get $key))
            (i32.store (i32.add (local.get $spareOrder) (local.get $at))
              (i32.load (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $scatter (i32.lt_u (local.get $i) (local.get $n))))
          (local.set $t (local.get $keys))
          (local.set $keys (local.get $spareKeys))
          (local.set $spareKeys (local.get $t))
          (local.set $t (local.get $order))
          (local.set $order (local.get $spareOrder))
          (local.set $spareOrder (local.get $t))))
      (local.set $shift (i32.add (local.get $shift) (i32.const 8)))
      (br_if $pass (i32.lt_u (local.get $shift) (i32.const 32))))
    ;; Runs of equal keys share their mid-rank.
    (local.set $last (f64.convert_i32_s (i32.sub (local.get $n) (i32.const 1))))
    (local.set $start (i32.const 0))
    (loop $run
      (local.set $key (i32.load (i32.add (local.get $keys) (i32.shl (local.get $start) (i32.const 2)))))
      (local.set $end (i32.add (local.get $start) (i32.const 1)))
      (block $run_end
        (loop $extend
          (br_if $run_end (i32.ge_u (local.get $end) (local.get $n)))
          (br_if $run_end (i32.ne
            (i32.load (i32.add (local.get $keys) (i32.shl (local.get $end) (i32.const 2))))
            (local.get $key)))
          (local.set $end (i32.add (local.get $end) (i32.const 1)))
          (br $extend)))
      (local.set $p (f32.demote_f64 (f64.div
        (f64.div (f64.convert_i32_s (i32.sub (i32.add (local.get $start) (local.get $end)) (i32.const 1)))
          (f64.const 2))
        (local.get $last))))
      (loop $write
        (f32.store
          (i32.add (local.get $out) (i32.shl
            (i32.load (i32.add (local.get $order) (i32.shl (local.get $start) (i32.const 2))))
            (i32.const 2)))
          (local.get $p))
        (local.set $start (i32.add (local.get $start) (i32.const 1)))
        (br_if $write (i32.lt_u (local.get $start) (local.get $end))))
      (br_if $run (i32.lt_u (local.get $start) (local.get $n))))
    (i32.const -1))

  ;; Log-rank fits (normalise-fits.ts): for each of the m percentiles at values, rank = (1 − p)·last; where
  ;; 512 ≤ rank ≤ last, values[i] becomes the f32 of 1 − (t[r] + (rank − r)·(t[r + 1] − t[r]))·scale with
  ;; r = trunc(rank) and t the f64 table of log1p(0 … last + 1), the JavaScript's arithmetic in its order, so
  ;; the same float. Any other rank (below 512 the fit needs Math.log1p itself, which WebAssembly lacks) is
  ;; left as it is and its i listed at low; returns how many were listed.
  (func (export "logRankFits")
    (param $values i32) (param $m i32) (param $last f64) (param $scale f64) (param $table i32)
    (param $low i32) (result i32)
    (local $i i32) (local $at i32) (local $rank f64) (local $r i32) (local $t i32) (local $below f64)
    (local $count i32)
    (block $done
      (loop $fit
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $at (i32.add (local.get $values) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $rank (f64.mul
          (f64.sub (f64.const 1) (f64.promote_f32 (f32.load (local.get $at))))
          (local.get $last)))
        (if (i32.and (f64.ge (local.get $rank) (f64.const 512)) (f64.le (local.get $rank) (local.get $last)))
          (then
            (local.set $r (i32.trunc_f64_s (local.get $rank)))
            (local.set $t (i32.add (local.get $table) (i32.shl (local.get $r) (i32.const 3))))
            (local.set $below (f64.load (local.get $t)))
            (f32.store (local.get $at) (f32.demote_f64 (f64.sub (f64.const 1) (f64.mul
              (f64.add (local.get $below) (f64.mul
                (f64.sub (local.get $rank) (f64.convert_i32_s (local.get $r)))
                (f64.sub (f64.load offset=8 (local.get $t)) (local.get $below))))
              (local.get $scale))))))
          (else
            (i32.store (i32.add (local.get $low) (i32.shl (local.get $count) (i32.const 2))) (local.get $i))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fit)))
    (local.get $count))

  ;; The group path (pool-fits.ts): the kernels above chained in one memory, with the two JavaScript steps
  ;; between them (the hybrid blend, the log-rank) folded into the passes that feed them, in the same f64
  ;; arithmetic and order, so the fits are the same floats as the JavaScript path gives.
  ;;
  ;; blendAt: for each pool position p < m, with i = at[p], pct = the f32 percentile of scores[i] (as
  ;; percentilesAt; 0.5 for every p when $flat, the JavaScript's answer for scores with no spread), and
  ;; j = cfOf[p]: out[p] = f32((j ≥ 0 ? weight · cfPct[j] : unknown) + rest · pct), rest = 1 − weight.
  ;; Positions are the caller's checked pool (no bounds test here).
  (func (export "blendAt")
    (param $scores i32) (param $at i32) (param $m i32) (param $lo f64) (param $scale f64) (param $inv f64)
    (param $binOf i32) (param $counts i32) (param $flat i32) (param $cfOf i32) (param $cfPct i32)
    (param $weight f64) (param $unknown f64) (param $rest f64) (param $out i32)
    (local $p i32) (local $i i32) (local $b i32) (local $c i32) (local $j i32) (local $below f64)
    (local $offset f64) (local $pct f32)
    (block $done
      (loop $position
        (br_if $done (i32.ge_u (local.get $p) (local.get $m)))
        (if (local.get $flat)
          (then (local.set $pct (f32.const 0.5)))
          (else
            (local.set $i (i32.load (i32.add (local.get $at) (i32.shl (local.get $p) (i32.const 2)))))
            (local.set $b (i32.load (i32.add (local.get $binOf) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $c (i32.add (local.get $counts) (i32.shl (local.get $b) (i32.const 2))))
            (local.set $below (f64.convert_i32_s (i32.load (local.get $c))))
            (local.set $offset
              (f64.sub
                (f64.mul
                  (f64.sub
                    (f64.promote_f32 (f32.load (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2)))))
                    (local.get $lo))
                  (local.get $scale))
                (f64.convert_i32_s (local.get $b))))
            (local.set $pct
              (f32.demote_f64
                (f64.mul
                  (f64.add (local.get $below)
                    (f64.mul
                      (select
                        (select (local.get $offset) (f64.const 0) (f64.gt (local.get $offset) (f64.const 0)))
                        (f64.const 1)
                        (f64.lt (local.get $offset) (f64.const 1)))
                      (f64.sub
                        (f64.sub (f64.convert_i32_s (i32.load offset=4 (local.get $c))) (local.get $below))
                        (f64.const 1))))
                  (local.get $inv))))))
        (local.set $j (i32.load (i32.add (local.get $cfOf) (i32.shl (local.get $p) (i32.const 2)))))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 2)))
          (f32.demote_f64
            (f64.add
              (if (result f64) (i32.ge_s (local.get $j) (i32.const 0))
                (then (f64.mul (local.get $weight)
                  (f64.promote_f32 (f32.load (i32.add (local.get $cfPct) (i32.shl (local.get $j) (i32.const 2)))))))
                (else (local.get $unknown)))
              (f64.mul (local.get $rest) (f64.promote_f32 (local.get $pct))))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $position))))

  ;; fitsAt: for each p < m, the f32 percentile of scores[at[p]] among the n scores (as percentilesAt), then
  ;; its log-rank fit as logRankFits computes it, into out[p]; where logRankFits would leave the rank to the
  ;; caller, out[p] keeps the percentile and p is listed at low. Returns how many were listed.
  (func (export "fitsAt")
    (param $scores i32) (param $at i32) (param $m i32) (param $lo f64) (param $scale f64) (param $inv f64)
    (param $binOf i32) (param $counts i32) (param $last f64) (param $logScale f64) (param $table i32)
    (param $low i32) (param $out i32) (result i32)
    (local $p i32) (local $i i32) (local $b i32) (local $c i32) (local $below f64) (local $offset f64)
    (local $pct f32) (local $rank f64) (local $r i32) (local $t i32) (local $count i32)
    (block $done
      (loop $position
        (br_if $done (i32.ge_u (local.get $p) (local.get $m)))
        (local.set $i (i32.load (i32.add (local.get $at) (i32.shl (local.get $p) (i32.const 2)))))
        (local.set $b (i32.load (i32.add (local.get $binOf) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $c (i32.add (local.get $counts) (i32.shl (local.get $b) (i32.const 2))))
        (local.set $below (f64.convert_i32_s (i32.load (local.get $c))))
        (local.set $offset
          (f64.sub
            (f64.mul
              (f64.sub
                (f64.promote_f32 (f32.load (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2)))))
                (local.get $lo))
              (local.get $scale))
            (f64.convert_i32_s (local.get $b))))
        (local.set $pct
          (f32.demote_f64
            (f64.mul
              (f64.add (local.get $below)
                (f64.mul
                  (select
                    (select (local.get $offset) (f64.const 0) (f64.gt (local.get $offset) (f64.const 0)))
                    (f64.const 1)
                    (f64.lt (local.get $offset) (f64.const 1)))
                  (f64.sub
                    (f64.sub (f64.convert_i32_s (i32.load offset=4 (local.get $c))) (local.get $below))
                    (f64.const 1))))
              (local.get $inv))))
        (local.set $rank (f64.mul (f64.sub (f64.const 1) (f64.promote_f32 (local.get $pct))) (local.get $last)))
        (if (i32.and (f64.ge (local.get $rank) (f64.const 512)) (f64.le (local.get $rank) (local.get $last)))
          (then
            (local.set $r (i32.trunc_f64_s (local.get $rank)))
            (local.set $t (i32.add (local.get $table) (i32.shl (local.get $r) (i32.const 3))))
            (local.set $below (f64.load (local.get $t)))
            (f32.store (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 2)))
              (f32.demote_f64 (f64.sub (f64.const 1) (f64.mul
                (f64.add (local.get $below) (f64.mul
                  (f64.sub (local.get $rank) (f64.convert_i32_s (local.get $r)))
                  (f64.sub (f64.load offset=8 (local.get $t)) (local.get $below))))
                (local.get $logScale))))))
          (else
            (f32.store (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 2))) (local.get $pct))
            (i32.store (i32.add (local.get $low) (i32.shl (local.get $count) (i32.const 2))) (local.get $p))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $position)))
    (local.get $count))

  ;; binFitBounds: for each of the `bins` bins of a pool histogram (counts as percentileBins leaves them), fits
  ;; every score in the bin is sure to lie between: with below = counts[b], next = counts[b + 1], its
  ;; percentile is in [below, next − 1]·inv, so its rank (1 − percentile)·last in [rankLo, rankHi]; log1p of
  ;; a rank lies between the table's values at the integers around it, and fitsAt's chord too, so
  ;; hi[b] = 1 − t[floor(rankLo − 0.01)]·logScale + eps and lo[b] = 1 − t[ceil(rankHi + 0.01)]·logScale − eps
  ;; (the 0.01 and eps cover the f32 roundings on the way). Ranks are clamped to 0 … last. Empty bins are
  ;; skipped (their slots keep whatever they held).
  (func (export "binFitBounds")
    (param $counts i32) (param $bins i32) (param $inv f64) (param $last f64) (param $logScale f64)
    (param $table i32) (param $eps f64) (param $hi i32) (param $lo i32)
    (local $b i32) (local $below f64) (local $next f64) (local $rankLo f64) (local $rankHi f64)
    (block $done
      (loop $bin
        (br_if $done (i32.ge_u (local.get $b) (local.get $bins)))
        (local.set $below (f64.convert_i32_s (i32.load (local.get $counts))))
        (local.set $next (f64.convert_i32_s (i32.load offset=4 (local.get $counts))))
        ;; An empty bin holds no score, so no one reads its bounds (most bins of a pool are empty: the games
        ;; CF does not know crowd into a narrow band of blended scores).
        (if (f64.ne (local.get $below) (local.get $next)) (then
        (local.set $rankLo (f64.floor (f64.sub
          (f64.mul (f64.sub (f64.const 1) (f64.mul (f64.sub (local.get $next) (f64.const 1)) (local.get $inv)))
            (local.get $last))
          (f64.const 0.01))))
        (local.set $rankHi (f64.ceil (f64.add
          (f64.mul (f64.sub (f64.const 1) (f64.mul (local.get $below) (local.get $inv))) (local.get $last))
          (f64.const 0.01))))
        (local.set $rankLo (f64.min (f64.max (local.get $rankLo) (f64.const 0)) (local.get $last)))
        (local.set $rankHi (f64.min (f64.max (local.get $rankHi) (f64.const 0)) (local.get $last)))
        (f32.store (local.get $hi) (f32.demote_f64 (f64.add (f64.sub (f64.const 1)
          (f64.mul (f64.load (i32.add (local.get $table) (i32.shl (i32.trunc_f64_s (local.get $rankLo)) (i32.const 3))))
            (local.get $logScale)))
          (local.get $eps))))
        (f32.store (local.get $lo) (f32.demote_f64 (f64.sub (f64.sub (f64.const 1)
          (f64.mul (f64.load (i32.add (local.get $table) (i32.shl (i32.trunc_f64_s (local.get $rankHi)) (i32.const 3))))
            (local.get $logScale)))
          (local.get $eps))))))
        (local.set $counts (i32.add (local.get $counts) (i32.const 4)))
        (local.set $hi (i32.add (local.get $hi) (i32.const 4)))
        (local.set $lo (i32.add (local.get $lo) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bin))))

  ;; meanBounds: for each i < m, with p = at[i], bounds on the members' mean fit of pool game p: member w's
  ;; bin of p is binOf[w·memberBytes/4 + p] and its fit bounds hi/lo[w·memberBytes/4 + bin] (binFitBounds);
  ;; they are summed in f32 in member order and scaled by inv, as meanFits does with the fits themselves
  ;; (each step monotone, so the bounds hold). ub[i] gets the upper bound; the lower bound is counted in a
  ;; 1024-bin histogram of [0, 1] (lbCounts, zeroed by the caller) for the caller to pick a threshold.
  (func (export "meanBounds")
    (param $members i32) (param $binOf i32) (param $hi i32) (param $lo i32) (param $memberBytes i32)
    (param $boundBytes i32) (param $at i32) (param $m i32) (param $inv f64) (param $ub i32) (param $lbCounts i32)
    (local $i i32) (local $p i32) (local $w i32) (local $b i32) (local $u f32) (local $l f32) (local $k i32)
    (block $done
      (loop $position
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $p (i32.shl (i32.load (i32.add (local.get $at) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2)))
        (local.set $u (f32.const 0))
        (local.set $l (f32.const 0))
        (local.set $w (i32.const 0))
        (loop $member
          (local.set $b (i32.shl
            (i32.load (i32.add (i32.add (local.get $binOf) (i32.mul (local.get $w) (local.get $memberBytes))) (local.get $p)))
            (i32.const 2)))
          (local.set $u (f32.add (local.get $u) (f32.load
            (i32.add (i32.add (local.get $hi) (i32.mul (local.get $w) (local.get $boundBytes))) (local.get $b)))))
          (local.set $l (f32.add (local.get $l) (f32.load
            (i32.add (i32.add (local.get $lo) (i32.mul (local.get $w) (local.get $boundBytes))) (local.get $b)))))
          (local.set $w (i32.add (local.get $w) (i32.const 1)))
          (br_if $member (i32.lt_u (local.get $w) (local.get $members))))
        (f32.store (i32.add (local.get $ub) (i32.shl (local.get $i) (i32.const 2)))
          (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $u)) (local.get $inv))))
        (local.set $k (i32.trunc_sat_f64_s (f64.mul (f64.mul (f64.promote_f32 (local.get $l)) (local.get $inv)) (f64.const 1024))))
        (local.set $k (select (i32.const 1023) (select (local.get $k) (i32.const 0) (i32.gt_s (local.get $k) (i32.const 0)))
          (i32.gt_s (local.get $k) (i32.const 1023))))
        (local.set $k (i32.add (local.get $lbCounts) (i32.shl (local.get $k) (i32.const 2))))
        (i32.store (local.get $k) (i32.add (i32.load (local.get $k)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $position))))

  ;; atLeast: the i < m with ub[i] ≥ threshold, ascending, into picked (as i) and pickedAt (as at[i]); returns
  ;; how many.
  (func (export "atLeast")
    (param $ub i32) (param $m i32) (param $threshold f32) (param $at i32) (param $picked i32) (param $pickedAt i32)
    (result i32)
    (local $i i32) (local $count i32) (local $slot i32)
    (block $done
      (loop $position
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (if (f32.ge (f32.load (i32.add (local.get $ub) (i32.shl (local.get $i) (i32.const 2)))) (local.get $threshold))
          (then
            (local.set $slot (i32.shl (local.get $count) (i32.const 2)))
            (i32.store (i32.add (local.get $picked) (local.get $slot)) (local.get $i))
            (i32.store (i32.add (local.get $pickedAt) (local.get $slot))
              (i32.load (i32.add (local.get $at) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $position)))
    (local.get $count))

  ;; rowDots: for each of the `count` rows listed at rows (CSR row numbers), the f64 dot products of the row
  ;; with 8 dense f64 targets interleaved at profile (profile[f·8 + t]): out[k·8 + t] = Σ_p f64(data[p]) ·
  ;; profile[indices[p]·8 + t], summed in row order from 0 with a multiply then an add per term, as the
  ;; JavaScript does it (Content's explanations), so the same doubles. Two targets per f64x2 lane pair.
  (func (export "rowDots")
    (param $indptr i32) (param $indices i32) (param $data i32) (param $rows i32) (param $count i32)
    (param $profile i32) (param $out i32)
    (local $k i32) (local $q i32) (local $end i32) (local $v v128) (local $at i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $row i32)
    (block $done
      (loop $next_row
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $at (i32.add (local.get $indptr) (i32.shl (local.get $row) (i32.const 2))))
        (local.set $q (i32.shl (i32.load (local.get $at)) (i32.const 2)))
        (local.set $end (i32.shl (i32.load offset=4 (local.get $at)) (i32.const 2)))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $a1 (v128.const f64x2 0 0))
        (local.set $a2 (v128.const f64x2 0 0))
        (local.set $a3 (v128.const f64x2 0 0))
        (block $row_done
          (br_if $row_done (i32.ge_u (local.get $q) (local.get $end)))
          (loop $nonzero
            (local.set $v (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $data) (local.get $q))))))
            (local.set $at (i32.add (local.get $profile)
              (i32.shl (i32.load (i32.add (local.get $indices) (local.get $q))) (i32.const 6))))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load (local.get $at)))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $at)))))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $v) (v128.load offset=32 (local.get $at)))))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $v) (v128.load offset=48 (local.get $at)))))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br_if $nonzero (i32.lt_u (local.get $q) (local.get $end)))))
        (local.set $at (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 6))))
        (v128.store (local.get $at) (local.get $a0))
        (v128.store offset=16 (local.get $at) (local.get $a1))
        (v128.store offset=32 (local.get $at) (local.get $a2))
        (v128.store offset=48 (local.get $at) (local.get $a3))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next_row))))

  ;; firstOutside: the first i < m with at[i] not in 0 … n − 1, or −1.
  (func (export "firstOutside") (param $at i32) (param $m i32) (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (if (i32.ge_u (i32.load (i32.add (local.get $at) (i32.shl (local.get $i) (i32.const 2)))) (local.get $n))
          (then (return (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const -1))

  ;; blendAt2: blendAt for m positions, two at a time: each lane's loads as blendAt makes them and its
  ;; arithmetic in f64x2 in the same order, the clamp as pmax(0, offset) then pmin(1, ·) (the JavaScript's
  ;; `offset > 0 ? offset : 0` and `< 1 ? · : 1`, −0 to +0 included), so the same floats. Not for $flat
  ;; (blendAt takes those); an odd last position goes through blendAt.
  (func (export "blendAt2")
    (param $scores i32) (param $at i32) (param $m i32) (param $lo f64) (param $scale f64) (param $inv f64)
    (param $binOf i32) (param $counts i32) (param $cfOf i32) (param $cfPct i32)
    (param $weight f64) (param $unknown f64) (param $rest f64) (param $out i32)
    (local $p i32) (local $i0 i32) (local $i1 i32) (local $b0 i32) (local $b1 i32) (local $c0 i32) (local $c1 i32)
    (local $j0 i32) (local $j1 i32) (local $vlo v128) (local $vscale v128) (local $vinv v128)
    (local $vweight v128) (local $vunknown v128) (local $vrest v128) (local $below v128) (local $next v128)
    (local $score v128) (local $bin v128) (local $offset v128) (local $pct v128) (local $cf v128) (local $known v128)
    (local.set $vlo (f64x2.splat (local.get $lo)))
    (local.set $vscale (f64x2.splat (local.get $scale)))
    (local.set $vinv (f64x2.splat (local.get $inv)))
    (local.set $vweight (f64x2.splat (local.get $weight)))
    (local.set $vunknown (f64x2.splat (local.get $unknown)))
    (local.set $vrest (f64x2.splat (local.get $rest)))
    (block $done
      (loop $pair
        (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 2)) (local.get $m)))
        (local.set $i0 (i32.load (i32.add (local.get $at) (i32.shl (local.get $p) (i32.const 2)))))
        (local.set $i1 (i32.load offset=4 (i32.add (local.get $at) (i32.shl (local.get $p) (i32.const 2)))))
        (local.set $b0 (i32.load (i32.add (local.get $binOf) (i32.shl (local.get $i0) (i32.const 2)))))
        (local.set $b1 (i32.load (i32.add (local.get $binOf) (i32.shl (local.get $i1) (i32.const 2)))))
        (local.set $c0 (i32.add (local.get $counts) (i32.shl (local.get $b0) (i32.const 2))))
        (local.set $c1 (i32.add (local.get $counts) (i32.shl (local.get $b1) (i32.const 2))))
        (local.set $below (f64x2.replace_lane 1
          (f64x2.splat (f64.convert_i32_s (i32.load (local.get $c0))))
          (f64.convert_i32_s (i32.load (local.get $c1)))))
        (local.set $next (f64x2.replace_lane 1
          (f64x2.splat (f64.convert_i32_s (i32.load offset=4 (local.get $c0))))
          (f64.convert_i32_s (i32.load offset=4 (local.get $c1)))))
        (local.set $score (f64x2.replace_lane 1
          (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $scores) (i32.shl (local.get $i0) (i32.const 2))))))
          (f64.promote_f32 (f32.load (i32.add (local.get $scores) (i32.shl (local.get $i1) (i32.const 2)))))))
        (local.set $bin (f64x2.replace_lane 1
          (f64x2.splat (f64.convert_i32_s (local.get $b0)))
          (f64.convert_i32_s (local.get $b1))))
        (local.set $offset
          (f64x2.sub (f64x2.mul (f64x2.sub (local.get $score) (local.get $vlo)) (local.get $vscale)) (local.get $bin)))
        (local.set $offset
          (f64x2.pmin (v128.const f64x2 1 1) (f64x2.pmax (v128.const f64x2 0 0) (local.get $offset))))
        ;; The percentile rounded to f32 and back, as blendAt stores and reads it.
        (local.set $pct (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero
          (f64x2.mul
            (f64x2.add (local.get $below)
              (f64x2.mul (local.get $offset)
                (f64x2.sub (f64x2.sub (local.get $next) (local.get $below)) (v128.const f64x2 1 1))))
            (local.get $vinv)))))
        (local.set $j0 (i32.load (i32.add (local.get $cfOf) (i32.shl (local.get $p) (i32.const 2)))))
        (local.set $j1 (i32.load offset=4 (i32.add (local.get $cfOf) (i32.shl (local.get $p) (i32.const 2)))))
        (local.set $cf (f64x2.replace_lane 1
          (f64x2.splat (if (result f64) (i32.ge_s (local.get $j0) (i32.const 0))
            (then (f64.promote_f32 (f32.load (i32.add (local.get $cfPct) (i32.shl (local.get $j0) (i32.const 2))))))
            (else (f64.const 0))))
          (if (result f64) (i32.ge_s (local.get $j1) (i32.const 0))
            (then (f64.promote_f32 (f32.load (i32.add (local.get $cfPct) (i32.shl (local.get $j1) (i32.const 2))))))
            (else (f64.const 0)))))
        (local.set $known (i64x2.replace_lane 1
          (i64x2.splat (i64.extend_i32_s (i32.shr_s (i32.xor (local.get $j0) (i32.const -1)) (i32.const 31))))
          (i64.extend_i32_s (i32.shr_s (i32.xor (local.get $j1) (i32.const -1)) (i32.const 31)))))
        (v128.store64_lane 0 (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 2)))
          (f32x4.demote_f64x2_zero
            (f64x2.add
              (v128.bitselect (f64x2.mul (local.get $vweight) (local.get $cf)) (local.get $vunknown) (local.get $known))
              (f64x2.mul (local.get $vrest) (local.get $pct)))))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $pair))))
)
