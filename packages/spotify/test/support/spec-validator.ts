/**
 * Validates the fake's exchanges against Spotify's published OpenAPI spec, read by path from
 * `../shared/specs/spotify-open-api.yml` (relative to the repo root) or `$MSR_SPOTIFY_SPEC`.
 * The spec is never copied into the repository.
 *
 * - Responses: the body of every Web API response is validated against the schema the spec
 *   documents for that operation and status. Error statuses the operation does not list (404 on
 *   `/recommendations`, 400, 5xx) are validated against the spec's shared error envelope
 *   (`components.responses.NotFound`); an undocumented 2xx is a violation.
 * - Requests: query parameters the operation declares with integer bounds (limit, offset) are
 *   checked, and required ones must be present; a JSON request body (the playlist writes) is
 *   validated against the operation's `requestBody` schema, and a body sent to an operation that
 *   documents none is a violation.
 * - The accounts service and ReccoBeats are not in the spec; ReccoBeats responses are checked
 *   against our own schema of its documented shape (see reccobeats-features-provider.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import type { FakeExchange } from '../../src/testing/index.js';
import { reccoBeatsFeaturesResponse } from '../../src/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Where the spec is looked for. */
export const SPEC_PATH = process.env.MSR_SPOTIFY_SPEC ?? resolve(repoRoot, '../shared/specs/spotify-open-api.yml');

type Json = Record<string, unknown>;

interface Operation {
  template: string;
  pattern: RegExp;
  method: string;
  node: Json;
  pointer: string[];
}

function escape(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}

export class SpecValidator {
  readonly #spec: Json;
  readonly #ajv: Ajv;
  readonly #operations: Operation[] = [];
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(text: string) {
    this.#spec = parse(text) as Json;
    // strict: false ignores OpenAPI-only keywords (example, x-*, discriminator, deprecated);
    // Ajv understands OpenAPI 3.0's `nullable` itself.
    this.#ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
    this.#ajv.addSchema({ ...this.#spec, $id: 'spotify.json' });
    const paths = this.#spec.paths as Record<string, Record<string, Json>>;
    for (const [template, item] of Object.entries(paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, node] of Object.entries(item)) {
        if (typeof node === 'object' && node !== null && 'responses' in node) {
          this.#operations.push({ template, pattern, method, node, pointer: ['paths', template, method] });
        }
      }
    }
  }

  /** The spec's operation for a method and path, if it documents one. */
  operation(method: string, path: string): Operation | undefined {
    return this.#operations.find((o) => o.method === method.toLowerCase() && o.pattern.test(path));
  }

  #validator(pointer: string[]): ValidateFunction {
    const ref = `spotify.json#/${pointer.map(escape).join('/')}`;
    let fn = this.#compiled.get(ref);
    if (!fn) {
      fn = this.#ajv.compile({ $ref: ref });
      this.#compiled.set(ref, fn);
    }
    return fn;
  }

  #resolve(node: Json, pointer: string[]): { node: Json; pointer: string[] } {
    const ref = node.$ref;
    if (typeof ref !== 'string') return { node, pointer };
    const parts = ref.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let target: unknown = this.#spec;
    for (const p of parts) target = (target as Json)[p];
    return { node: target as Json, pointer: parts };
  }

  /** Problems with one exchange; empty when it conforms. */
  check(exchange: FakeExchange): string[] {
    const where = `${exchange.method} ${exchange.path} → ${exchange.status}`;
    if (exchange.service === 'reccobeats') {
      if (exchange.status !== 200) return [];
      const parsed = reccoBeatsFeaturesResponse.safeParse(exchange.body);
      return parsed.success ? [] : [`${where}: ReccoBeats body does not match its documented shape: ${parsed.error.message}`];
    }
    if (exchange.service !== 'spotify-api') return [];
    const op = this.operation(exchange.method, exchange.path);
    if (!op) return [`${where}: the spec documents no such operation`];
    const problems = [...this.#checkQuery(op, exchange, where), ...this.#checkRequestBody(op, exchange, where)];
    const responses = op.node.responses as Record<string, Json>;
    let response: { node: Json; pointer: string[] };
    const documented = responses[String(exchange.status)];
    if (documented) response = this.#resolve(documented, [...op.pointer, 'responses', String(exchange.status)]);
    else if (exchange.status >= 400) response = this.#resolve({ $ref: '#/components/responses/NotFound' }, []);
    else return [...problems, `${where}: status not documented for ${op.method.toUpperCase()} ${op.template}`];
    const content = (response.node.content as Record<string, Json> | undefined)?.['application/json'];
    if (!content) {
      if (exchange.body !== undefined) problems.push(`${where}: the spec documents no body, got one`);
      return problems;
    }
    if (exchange.contentType === null || !exchange.contentType.includes('application/json')) {
      problems.push(`${where}: content-type ${String(exchange.contentType)}, expected application/json`);
    }
    const validate = this.#validator([...response.pointer, 'content', 'application/json', 'schema']);
    // A body with real Spotify's off-spec nulls is checked in its spec-conforming variant.
    if (!validate(exchange.specBody !== undefined ? exchange.specBody : exchange.body)) {
      for (const e of validate.errors ?? []) problems.push(`${where}: body${e.instancePath} ${e.message ?? ''}`);
    }
    return problems;
  }

  #checkRequestBody(op: Operation, exchange: FakeExchange, where: string): string[] {
    const documented = op.node.requestBody as Json | undefined;
    if (exchange.requestBody === undefined) return [];
    if (!documented) return [`${where}: the spec documents no request body, one was sent`];
    const resolved = this.#resolve(documented, [...op.pointer, 'requestBody']);
    if (!(resolved.node.content as Record<string, Json> | undefined)?.['application/json']) return [`${where}: the spec documents no JSON request body`];
    const validate = this.#validator([...resolved.pointer, 'content', 'application/json', 'schema']);
    if (validate(exchange.requestBody)) return [];
    return (validate.errors ?? []).map((e) => `${where}: request body${e.instancePath} ${e.message ?? ''}`);
  }

  #checkQuery(op: Operation, exchange: FakeExchange, where: string): string[] {
    const problems: string[] = [];
    for (const raw of (op.node.parameters as Json[] | undefined) ?? []) {
      const param = this.#resolve(raw, []).node;
      if (param.in !== 'query') continue;
      const name = param.name as string;
      const value = exchange.query.get(name);
      const schema = (param.schema ?? {}) as Json;
      if (value === null) {
        if (param.required) problems.push(`${where}: required query parameter ${name} missing`);
        continue;
      }
      if (schema.type === 'integer') {
        const n = Number(value);
        if (!Number.isInteger(n)) problems.push(`${where}: ${name}=${value} is not an integer`);
        if (typeof schema.minimum === 'number' && n < schema.minimum) problems.push(`${where}: ${name}=${value} < ${schema.minimum}`);
        if (typeof schema.maximum === 'number' && n > schema.maximum) problems.push(`${where}: ${name}=${value} > ${schema.maximum}`);
      }
    }
    return problems;
  }
}

/** Why the spec checks are off, for skip messages. */
export const SPEC_ABSENT = `the Spotify OpenAPI spec is absent at ${SPEC_PATH} (set MSR_SPOTIFY_SPEC to its path)`;

/**
 * The validator, or `undefined` when the spec file is absent (the checks are then off and the
 * tests say so). With `MSR_CI=1` an absent spec throws instead, like a missing MLflow, Redis or
 * Chromium: CI must not pass with the fake's conformance unchecked.
 *
 * @param options.path where the spec is read; default {@link SPEC_PATH}
 * @param options.env the environment `MSR_CI` is read from; default `process.env`
 */
export function loadSpecValidator(options: { path?: string; env?: NodeJS.ProcessEnv } = {}): SpecValidator | undefined {
  const path = options.path ?? SPEC_PATH;
  if (existsSync(path)) return new SpecValidator(readFileSync(path, 'utf8'));
  if ((options.env ?? process.env)['MSR_CI'] === '1') {
    throw new Error(`MSR_CI=1: the fake Spotify's conformance checks cannot be skipped: the Spotify OpenAPI spec is absent at ${path} (set MSR_SPOTIFY_SPEC to its path)`);
  }
  return undefined;
}
