// Run only by no-console.test.ts in a child vitest: one test that prints, one that is allowed to.
import { it } from 'vitest';
import { allowConsole } from '../../no-console.js';

it('prints without asking', () => {
  console.log('unexpected output');
});

it('prints after allowConsole()', () => {
  allowConsole();
  console.warn('expected output');
});

it('stays quiet', () => {});
