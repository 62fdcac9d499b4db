/** Where the CLI reads and writes; `process` in the real binary, buffers in tests. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** The environment (`MLFLOW_*` are read from here). */
  env: Readonly<Record<string, string | undefined>>;
  /** The working directory (the default `--root`). */
  cwd: string;
  /** Cancels a running command (Ctrl-C). */
  signal?: AbortSignal;
  /** The fetch implementation. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** The clock of long-running commands (`msr schedule`). @default Date.now */
  clock?: () => number;
  /** How long-running commands wait (`msr schedule`); rejects when the signal aborts. @default a timer */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Exit codes of `msr`. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** A failure: a stage crashed, the network failed, a bug. */
  failure: 1,
  /** Bad input: unknown command or option, bad config, invalid data. Fix the input, then re-run. */
  badInput: 2,
  /** Another run holds the run lock; try again later. */
  busy: 3,
  /** Interrupted by Ctrl-C (SIGINT); 143 for SIGTERM. */
  interrupted: 130,
} as const;
