;; Batch walk of a compiled tree ensemble, sixteen rows at a time in one v128 (one byte a row).
;; Source of tree-walk-wasm.ts: regenerate with `node packages/core/scripts/build-tree-walk-wasm.mjs`.
;; Padding nodes (feature 0, bin 255) send every row left whatever its bin, so only the listed
;; features are gathered: 1, 2, 4, … per level rather than every feature.
;; Memory layout (byte offsets are arguments):
;;   binned  — per block of 16 rows, per feature, 16 bytes: the rows' bins of that feature;
;;   tables  — per tree, per level, 64 bytes: the level's node features (16), bins (16), the
;;             distinct features its real nodes test (16) and their count (1), padded;
;;   leaves  — per tree, 2^depth f64 in level order;
;;   out     — column-major f64 raw scores, `rowsPadded` per column, already holding the baseline.
;; Every (row, column) receives the trees' leaves in tree order, so sums equal the scalar walk's.
(module
  (memory (export "memory") 1)
  (func (export "accumulate")
    (param $binned i32) (param $blocks i32) (param $nFeatures i32) (param $tables i32)
    (param $leaves i32) (param $nTrees i32) (param $depth i32) (param $nOutputs i32)
    (param $out i32) (param $rowsPadded i32)
    (local $b i32) (local $t i32) (local $level i32) (local $f i32) (local $column i32)
    (local $block i32) (local $table i32) (local $leafBase i32) (local $outRow i32) (local $at i32)
    (local $count i32) (local $fe i32)
    (local $idx v128) (local $feat v128) (local $bin v128) (local $x v128)
    (block $doneBlocks
      (loop $blockLoop
        (br_if $doneBlocks (i32.ge_u (local.get $b) (local.get $blocks)))
        (local.set $block (i32.add (local.get $binned) (i32.mul (i32.mul (local.get $b) (local.get $nFeatures)) (i32.const 16))))
        (local.set $t (i32.const 0))
        (local.set $column (i32.const 0))
        (local.set $table (local.get $tables))
        (local.set $leafBase (local.get $leaves))
        (block $doneTrees
          (loop $treeLoop
            (br_if $doneTrees (i32.ge_u (local.get $t) (local.get $nTrees)))
            (local.set $idx (v128.const i32x4 0 0 0 0))
            (local.set $level (i32.const 0))
            (block $doneLevels
              (loop $levelLoop
                (br_if $doneLevels (i32.ge_u (local.get $level) (local.get $depth)))
                (local.set $feat (i8x16.swizzle (v128.load (local.get $table)) (local.get $idx)))
                (local.set $bin (i8x16.swizzle (v128.load offset=16 (local.get $table)) (local.get $idx)))
                ;; x[lane] = bin of row `lane` for the feature its node tests.
                (local.set $x (v128.const i32x4 0 0 0 0))
                (local.set $count (i32.load8_u offset=48 (local.get $table)))
                (local.set $f (i32.const 0))
                (block $doneFeatures
                  (loop $featureLoop
                    (br_if $doneFeatures (i32.ge_u (local.get $f) (local.get $count)))
                    (local.set $fe (i32.load8_u offset=32 (i32.add (local.get $table) (local.get $f))))
                    (local.set $x (v128.bitselect
                      (v128.load (i32.add (local.get $block) (i32.shl (local.get $fe) (i32.const 4))))
                      (local.get $x)
                      (i8x16.eq (local.get $feat) (i8x16.splat (local.get $fe)))))
                    (local.set $f (i32.add (local.get $f) (i32.const 1)))
                    (br $featureLoop)))
                ;; Right child when the row's bin exceeds the node's: idx = 2 idx + (x > bin).
                (local.set $idx (i8x16.sub (i8x16.add (local.get $idx) (local.get $idx)) (i8x16.gt_u (local.get $x) (local.get $bin))))
                (local.set $table (i32.add (local.get $table) (i32.const 64)))
                (local.set $level (i32.add (local.get $level) (i32.const 1)))
                (br $levelLoop)))
            (local.set $outRow (i32.add (local.get $out)
              (i32.shl (i32.add (i32.mul (local.get $column) (local.get $rowsPadded)) (i32.shl (local.get $b) (i32.const 4))) (i32.const 3))))
        ;; lane 0
        (local.set $at (i32.add (local.get $outRow) (i32.const 0)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 0 (local.get $idx)) (i32.const 3))))))
        ;; lane 1
        (local.set $at (i32.add (local.get $outRow) (i32.const 8)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 1 (local.get $idx)) (i32.const 3))))))
        ;; lane 2
        (local.set $at (i32.add (local.get $outRow) (i32.const 16)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 2 (local.get $idx)) (i32.const 3))))))
        ;; lane 3
        (local.set $at (i32.add (local.get $outRow) (i32.const 24)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 3 (local.get $idx)) (i32.const 3))))))
        ;; lane 4
        (local.set $at (i32.add (local.get $outRow) (i32.const 32)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 4 (local.get $idx)) (i32.const 3))))))
        ;; lane 5
        (local.set $at (i32.add (local.get $outRow) (i32.const 40)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 5 (local.get $idx)) (i32.const 3))))))
        ;; lane 6
        (local.set $at (i32.add (local.get $outRow) (i32.const 48)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 6 (local.get $idx)) (i32.const 3))))))
        ;; lane 7
        (local.set $at (i32.add (local.get $outRow) (i32.const 56)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 7 (local.get $idx)) (i32.const 3))))))
        ;; lane 8
        (local.set $at (i32.add (local.get $outRow) (i32.const 64)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 8 (local.get $idx)) (i32.const 3))))))
        ;; lane 9
        (local.set $at (i32.add (local.get $outRow) (i32.const 72)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 9 (local.get $idx)) (i32.const 3))))))
        ;; lane 10
        (local.set $at (i32.add (local.get $outRow) (i32.const 80)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 10 (local.get $idx)) (i32.const 3))))))
        ;; lane 11
        (local.set $at (i32.add (local.get $outRow) (i32.const 88)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 11 (local.get $idx)) (i32.const 3))))))
        ;; lane 12
        (local.set $at (i32.add (local.get $outRow) (i32.const 96)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 12 (local.get $idx)) (i32.const 3))))))
        ;; lane 13
        (local.set $at (i32.add (local.get $outRow) (i32.const 104)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 13 (local.get $idx)) (i32.const 3))))))
        ;; lane 14
        (local.set $at (i32.add (local.get $outRow) (i32.const 112)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 14 (local.get $idx)) (i32.const 3))))))
        ;; lane 15
        (local.set $at (i32.add (local.get $outRow) (i32.const 120)))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
          (f64.load (i32.add (local.get $leafBase) (i32.shl (i8x16.extract_lane_u 15 (local.get $idx)) (i32.const 3))))))
            (local.set $leafBase (i32.add (local.get $leafBase) (i32.shl (i32.const 8) (local.get $depth))))
            (local.set $column (i32.add (local.get $column) (i32.const 1)))
            (if (i32.eq (local.get $column) (local.get $nOutputs)) (then (local.set $column (i32.const 0))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $treeLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $blockLoop))))
)
