/**
 * Fails any test that writes to the console without saying so. A library that prints behind
 * its user's back is a bug; a test that expects output calls `allowConsole()` first.
 */
import { afterEach, beforeEach, expect } from 'vitest';

const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
type Method = (typeof methods)[number];

const originals = new Map<Method, (...args: unknown[]) => void>();
let written: string[] = [];
let allowed = false;

/** Lets the current test write to the console. */
export function allowConsole(): void {
  allowed = true;
}

beforeEach(() => {
  written = [];
  allowed = false;
  for (const method of methods) {
    const original = console[method] as (...args: unknown[]) => void;
    originals.set(method, original);
    console[method] = (...args: unknown[]) => {
      if (!allowed) written.push(`console.${method}: ${args.map(String).join(' ')}`);
      original.apply(console, args);
    };
  }
});

afterEach(() => {
  for (const [method, original] of originals) console[method] = original;
  const unexpected = written;
  written = [];
  expect(unexpected, 'the test wrote to the console unexpectedly (call allowConsole() if intended)').toEqual([]);
});
