import { TREE_WALK_WASM_BASE64 } from './tree-walk-wasm.js';

/** Deepest layout the SIMD walk takes: a level's nodes (≤ 16) must fit one 16-byte lookup table. */
export const MAX_SIMD_DEPTH = 5;
/** Rows of one SIMD block: one byte lane per row. */
const LANES = 16;
const PAGE = 65536;
/** One level of one tree: node features (16 bytes), node bins (16), distinct real features (16), their count (1). */
const TABLE_BYTES = 64;
/** CompiledEnsemble's padding node: feature 0, bin 255, which no bin exceeds. */
const PADDING_NODE = 255;

/** The few WebAssembly members used here (core's lib has no DOM/WebAssembly typings). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
type AccumulateExport = (
  binned: number,
  blocks: number,
  nFeatures: number,
  tables: number,
  leaves: number,
  nTrees: number,
  depth: number,
  nOutputs: number,
  out: number,
  rowsPadded: number,
) => void;

let compiledModule: object | null | undefined;

/** The compiled module, or null where WebAssembly or its SIMD proposal is unavailable. */
function wasmModule(): object | null {
  if (compiledModule !== undefined) return compiledModule;
  const g = globalThis as { WebAssembly?: WasmApi; atob?: (text: string) => string };
  compiledModule = null;
  if (g.WebAssembly && g.atob) {
    const text = g.atob(TREE_WALK_WASM_BASE64);
    const bytes = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
    // Synchronous compile: the module is under 1 kB, within every engine's main-thread limit.
    if (g.WebAssembly.validate(bytes)) compiledModule = new g.WebAssembly.Module(bytes);
  }
  return compiledModule;
}

/**
 * The batch walk of a compiled ensemble in WebAssembly SIMD (tree-walk-wasm.wat): sixteen rows
 * share a v128, each level picks every row's node feature and bin with one `i8x16.swizzle`
 * from the level's table, and the row's own bin for that feature with a select per feature the
 * level tests (1, 2, 4, … rather than all).
 * About four times the eight-row scalar walk. Each (row, column) gets the trees' leaves added in
 * tree order, as the scalar walk adds them, so raw scores are bit-identical.
 *
 * The trees are copied into the instance's memory once (≈ 1.3 MB for 2,250 depth-5 trees);
 * rows and scores are copied in and out per call, and the memory keeps the largest batch's size.
 */
export class SimdTreeWalk {
  private constructor(
    private readonly accumulateExport: AccumulateExport,
    private readonly memory: WasmMemory,
    private readonly nTrees: number,
    private readonly depth: number,
    private readonly nOutputs: number,
    private readonly tablesAt: number,
    private readonly scratchAt: number,
  ) {}

  /**
   * A SIMD walk of complete trees laid out as {@link CompiledEnsemble} lays them (`nodes`: one
   * `feature << 8 | bin` int per internal node, heap order; `leaves`: 2^depth per tree), or
   * undefined when WebAssembly SIMD is missing or the layout does not fit (depth > 5, features > 256).
   */
  static from(nodes: Int32Array, leaves: Float64Array, depth: number, nTrees: number, nOutputs: number, nFeatures: number): SimdTreeWalk | undefined {
    if (depth > MAX_SIMD_DEPTH || nFeatures > 256 || nTrees === 0) return undefined;
    const module = wasmModule();
    if (!module) return undefined;
    const g = globalThis as unknown as { WebAssembly: WasmApi };
    const { exports } = new g.WebAssembly.Instance(module, {});
    const memory = exports.memory as WasmMemory;
    const tablesAt = leaves.length * 8;
    const scratchAt = align(tablesAt + nTrees * depth * TABLE_BYTES, 16);
    growTo(memory, scratchAt);
    new Float64Array(memory.buffer, 0, leaves.length).set(leaves);
    const tables = new Uint8Array(memory.buffer, tablesAt, nTrees * depth * TABLE_BYTES);
    const internal = (1 << depth) - 1;
    for (let t = 0; t < nTrees; t++) {
      for (let level = 0; level < depth; level++) {
        const at = (t * depth + level) * TABLE_BYTES;
        const first = t * internal + (1 << level) - 1;
        let count = 0;
        for (let j = 0; j < 1 << level; j++) {
          const p = nodes[first + j]!;
          tables[at + j] = p >> 8;
          tables[at + 16 + j] = p & 255;
          // Padding nodes go left whatever the row's bin: their feature need not be gathered.
          if (p !== PADDING_NODE && !tables.subarray(at + 32, at + 32 + count).includes(p >> 8)) tables[at + 32 + count++] = p >> 8;
        }
        tables[at + 48] = count;
      }
    }
    return new SimdTreeWalk(exports.accumulate as AccumulateExport, memory, nTrees, depth, nOutputs, tablesAt, scratchAt);
  }

  /** Adds every tree's output to `out[i * nOutputs + column]` for `rows` binned rows (row-major, `cols` a row). */
  accumulate(binned: Uint8Array, rows: number, cols: number, out: Float64Array): void {
    const { nOutputs } = this;
    const blocks = Math.ceil(rows / LANES);
    const rowsPadded = blocks * LANES;
    const binnedAt = this.scratchAt;
    const outAt = align(binnedAt + rowsPadded * cols, 8);
    growTo(this.memory, outAt + rowsPadded * nOutputs * 8);
    // Views after growing: growth detaches the previous buffer.
    const lanes = new Uint8Array(this.memory.buffer, binnedAt, rowsPadded * cols);
    const scores = new Float64Array(this.memory.buffer, outAt, rowsPadded * nOutputs);
    for (let i = 0; i < rows; i++) {
      const at = (i >> 4) * cols * LANES + (i & 15);
      for (let f = 0; f < cols; f++) lanes[at + f * LANES] = binned[i * cols + f]!;
    }
    for (let k = 0; k < nOutputs; k++) for (let i = 0; i < rows; i++) scores[k * rowsPadded + i] = out[i * nOutputs + k]!;
    this.accumulateExport(binnedAt, blocks, cols, this.tablesAt, 0, this.nTrees, this.depth, nOutputs, outAt, rowsPadded);
    for (let k = 0; k < nOutputs; k++) for (let i = 0; i < rows; i++) out[i * nOutputs + k] = scores[k * rowsPadded + i]!;
  }
}

function align(offset: number, to: number): number {
  return Math.ceil(offset / to) * to;
}

function growTo(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
}
