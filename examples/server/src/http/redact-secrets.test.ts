import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../config/config.js';
import { MemoryLogger } from '../logging/logger.js';
import { configuredSecrets, redactingLogger, REDACTED, secretRedactor } from './redact-secrets.js';

describe('configuredSecrets', () => {
  it('collects the secrets of the configuration and MLflow\'s of the environment, none shorter than 8 characters', () => {
    const config = loadServerConfig({
      overrides: {
        database: { authToken: 'dbToken-123' },
        admin: { password: 'Adm1n-password' },
        spotify: { clientId: 'id', clientSecret: 'client-secret-1', refreshToken: 'refresh-token-1' },
        metrics: { enabled: true, token: 'metrics-token-0123' },
        queue: { redisUrl: 'redis://:redis%2Fpass-1@127.0.0.1:6379' },
      },
    });
    const env = { MLFLOW_TRACKING_URI: 'http://msr:uri-pass-1@mlflow:5000', MLFLOW_TRACKING_PASSWORD: 'short', MLFLOW_TRACKING_TOKEN: 'mlflow-token-1', OTHER: 'not-a-secret-at-all' };
    expect(configuredSecrets(config, env).sort()).toEqual(['Adm1n-password', 'client-secret-1', 'dbToken-123', 'metrics-token-0123', 'mlflow-token-1', 'redis/pass-1', 'refresh-token-1', 'uri-pass-1'].sort());
    expect(configuredSecrets(loadServerConfig(), {})).toEqual([]);
  });
});

describe('secretRedactor', () => {
  const secret = 'p@ss"<wörd>&1';
  const redact = secretRedactor([secret, 'tiny'])!;

  it('replaces a secret as given, in a URL, in a JSON string and in HTML; leaves short ones and other text alone', () => {
    expect(redact.text(`a ${secret} b`)).toBe(`a ${REDACTED} b`);
    expect(redact.text(`http://u:${encodeURIComponent(secret)}@h/`)).toBe(`http://u:${REDACTED}@h/`);
    expect(redact.text(JSON.stringify({ error: `x ${secret}` }))).toBe(`{"error":"x ${REDACTED}"}`);
    expect(redact.text('<p>p@ss&quot;&lt;wörd&gt;&amp;1</p>')).toBe(`<p>${REDACTED}</p>`);
    expect(redact.text('tiny things stay')).toBe('tiny things stay');
    expect(secretRedactor([])).toBeUndefined();
    expect(secretRedactor(['tiny'])).toBeUndefined();
  });

  it('replaces the longer of two overlapping secrets whole', () => {
    expect(secretRedactor(['abcdefgh', 'abcdefgh-longer'])!.text('abcdefgh-longer')).toBe(REDACTED);
  });

  it('goes into values at any depth and keeps an error an error with its name and code', () => {
    const error = Object.assign(new TypeError(`bad ${secret}`), { code: 'ERR_X' });
    const out = redact.value({ list: [secret, 1, null], nested: { [secret]: true }, error });
    expect(out.list).toEqual([REDACTED, 1, null]);
    expect(out.nested).toEqual({ [REDACTED]: true });
    expect(out.error).toBeInstanceOf(Error);
    expect(out.error).toMatchObject({ name: 'TypeError', message: `bad ${REDACTED}`, code: 'ERR_X' });
    expect(out.error.stack).not.toContain(secret);
  });
});

describe('redactingLogger', () => {
  it('redacts the message and the fields of every record', () => {
    const memory = new MemoryLogger();
    const logger = redactingLogger(memory, secretRedactor(['hunter2hunter2']));
    logger.error('failed at http://u:hunter2hunter2@h', { error: new Error('hunter2hunter2 refused'), url: 'hunter2hunter2' });
    expect(JSON.stringify(memory.records)).not.toContain('hunter2hunter2');
    expect(memory.records[0]).toMatchObject({ msg: `failed at http://u:${REDACTED}@h`, error: { message: `${REDACTED} refused` }, url: REDACTED });
    expect(redactingLogger(memory, undefined)).toBe(memory);
  });
});
