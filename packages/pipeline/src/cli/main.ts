import { parseArgs } from 'node:util';
import { ConfigError } from '@msr/core';
import { LockHeldError } from '../dag/run-lock.js';
import { isBadInput } from '../errors/pipeline-error.js';
import { EXIT, type CliIo } from './cli-io.js';
import { InterruptedError } from './interrupted-error.js';
import { COMMANDS, GLOBAL_HELP, GLOBAL_OPTIONS, UsageError, type Command } from './commands.js';

function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `msr — the msr music-recommender pipeline

Usage: msr <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`msr <command> --help\` for a command's options.

${GLOBAL_HELP}
`;
}

/** The exit code for an error: 130/143 interrupted, 3 busy, 2 bad input, 1 anything else. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof InterruptedError) return error.exitCode;
  if (error instanceof LockHeldError) return EXIT.busy;
  return isBadInput(error) ? EXIT.badInput : EXIT.failure;
}

/**
 * Runs the `msr` command line. Returns the exit code; never calls `process.exit`, so it can be
 * tested in-process.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
 * ```
 */
export async function main(argv: readonly string[], io: CliIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  const json = argv.includes('--json');
  const fail = (error: unknown): number => {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = (e as { code?: unknown }).code;
    if (json) {
      const detail: Record<string, unknown> = { name: e.name, code: typeof code === 'string' ? code : 'ERR_UNKNOWN', message: e.message };
      if (e instanceof ConfigError) detail.issues = e.issues;
      const cause = (e as { cause?: unknown }).cause;
      if (cause instanceof Error) detail.cause = { name: cause.name, code: (cause as { code?: unknown }).code, message: cause.message };
      io.stdout.write(`${JSON.stringify({ ok: false, error: detail }, null, 2)}\n`);
    } else {
      io.stderr.write(`msr: ${e instanceof UsageError ? 'usage: ' : ''}${e.message}\n`);
      if (e instanceof UsageError) io.stderr.write('Run `msr --help` for usage.\n');
    }
    // Stopped by a signal: whatever the stage made of the abort, the exit code says what happened.
    const interrupted = io.signal?.aborted && io.signal.reason instanceof InterruptedError ? io.signal.reason : undefined;
    return interrupted ? interrupted.exitCode : exitCodeOf(e);
  };

  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = topic ? commands.find((c) => c.name === topic) : undefined;
    if (topic && !command) return fail(new UsageError(`unknown command "${topic}"`));
    io.stdout.write(command ? `${command.help}\n\n${GLOBAL_HELP}\n` : mainHelp(commands));
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) return fail(new UsageError(`unknown command "${name}"; commands: ${commands.map((c) => c.name).join(', ')}`));
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: command.positionals === true, strict: true });
  } catch (error) {
    return fail(new UsageError(`msr ${command.name}: ${(error as Error).message.split('\n')[0]}`));
  }
  if (parsed.values.help) {
    io.stdout.write(`${command.help}\n\n${GLOBAL_HELP}\n`);
    return EXIT.ok;
  }
  try {
    const output = await command.run({ values: parsed.values as Record<string, string | boolean | string[] | undefined>, positionals: parsed.positionals }, io);
    io.stdout.write(json ? `${JSON.stringify(output.json, null, 2)}\n` : `${output.text}\n`);
    return EXIT.ok;
  } catch (error) {
    return fail(error);
  }
}
