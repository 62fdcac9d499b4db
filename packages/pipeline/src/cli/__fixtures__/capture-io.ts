import type { CliIo } from '../cli-io.js';

/** A {@link CliIo} that keeps what a command printed: tests run `main()` as a user would and read it back. */
export function captureIo(io: Omit<CliIo, 'stdout' | 'stderr'>): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { ...io, stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, out: () => out, err: () => err };
}
