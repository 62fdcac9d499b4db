/**
 * The zod that bundle validation uses: zod's tree-shakable `zod/mini` build, with English
 * messages. The classic `zod` import ships every locale and every method of every schema
 * (≈ 100 kB gzipped in a browser bundle); the mini build ships only the checks a schema names,
 * which keeps `recommend()` + `RecommenderModel.fromJSON` under 40 kB gzipped
 * (docs/decisions/0941-browser-lean-core.md, `npm run bench:bundle`).
 *
 * English is what classic `zod` configures when imported; the mini build configures no locale
 * (every message would read "Invalid input"), so it is set here, once, the same way.
 *
 * @module
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

// Named, not `export *`: a built chunk re-exporting all of an external module keeps all of it
// (every locale too) in the user's bundle.
export {
  _default,
  array,
  boolean,
  enum,
  gte,
  int,
  literal,
  lt,
  lte,
  minLength,
  nullable,
  number,
  object,
  optional,
  positive,
  record,
  refine,
  regex,
  safeParse,
  strictObject,
  string,
  superRefine,
  tuple,
  union,
  unknown,
} from 'zod/mini';
export type { core, infer, output } from 'zod/mini';
