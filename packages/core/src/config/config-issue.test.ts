import { describe, expect, it } from 'vitest';
import { MsrError } from '../errors/msr-error.js';
import { ConfigError, formatConfigIssue, type ConfigIssue } from './config-issue.js';

const issue = (over: Partial<ConfigIssue>): ConfigIssue => ({ file: 'params.yaml', path: [], message: 'is wrong', code: 'custom', ...over });

describe('formatConfigIssue', () => {
  it('writes file:line:column key.path: message, indices in brackets', () => {
    expect(formatConfigIssue(issue({ line: 4, column: 7, path: ['GaussianMixture', 'n_components', 3], message: 'must be at most 1000' }))).toBe(
      'params.yaml:4:7 GaussianMixture.n_components[3]: must be at most 1000',
    );
    // A path that starts with an index, and an index in the middle.
    expect(formatConfigIssue(issue({ path: [0, 'genres', 2, 'name'] }))).toBe('params.yaml [0].genres[2].name: is wrong');
  });

  it('gives column 1 when only the line is known, and no position without a line', () => {
    expect(formatConfigIssue(issue({ line: 2, path: ['a'] }))).toBe('params.yaml:2:1 a: is wrong');
    expect(formatConfigIssue(issue({ column: 5, path: ['a'] }))).toBe('params.yaml a: is wrong');
  });

  it('leaves the key out for an issue about the whole file', () => {
    expect(formatConfigIssue(issue({ line: 1, column: 1, message: 'is not valid YAML', code: 'yaml_syntax' }))).toBe('params.yaml:1:1 is not valid YAML');
  });
});

describe('ConfigError', () => {
  it('carries every issue, names each file once, and lists the issues one per line', () => {
    const issues = [issue({ line: 1, path: ['a'] }), issue({ file: 'config.yaml', path: ['b'], message: 'is missing' }), issue({ line: 3, path: ['c'] })];
    const error = new ConfigError(issues);
    expect(error).toBeInstanceOf(MsrError);
    expect(error.name).toBe('ConfigError');
    expect(error.code).toBe('ERR_INVALID_CONFIG');
    expect(error.issues).toBe(issues);
    expect(error.message).toBe(
      'invalid configuration in params.yaml, config.yaml:\n  params.yaml:1:1 a: is wrong\n  config.yaml b: is missing\n  params.yaml:3:1 c: is wrong',
    );
  });
});
