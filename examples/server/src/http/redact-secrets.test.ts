import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../config/config.js';
import { MemoryLogger } from '../logging/logger.js';
import { configuredSecrets, redactingLogger, REDACTED, secretRedactor, shortSecretSources } from './redact-secrets.js';

describe('configuredSecrets', () => {
  it('collects the secrets of the configuration and MLflow\'s of the environment, short ones too (named for the start-up warning)', () => {
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
    expect(configuredSecrets(config, env).sort()).toEqual(['Adm1n-password', 'client-secret-1', 'dbToken-123', 'metrics-token-0123', 'mlflow-token-1', 'redis/pass-1', 'refresh-token-1', 'short', 'uri-pass-1'].sort());
    expect(shortSecretSources(config, env)).toEqual(['MLFLOW_TRACKING_PASSWORD']);
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
    expect(secretRedactor([''])).toBeUndefined();
  });

  it('replaces a short secret where it stands as a credential, and leaves the same letters elsewhere', () => {
    const short = secretRedactor(['Pw7!x', 'admin'])!;
    // As a credential: Bearer, key=value, JSON and HTML-escaped JSON, a URL's password.
    expect(short.text('refused Bearer Pw7!x for h')).toBe(`refused Bearer ${REDACTED} for h`);
    expect(short.text('client_secret Pw7!x is not valid')).toBe(`client_secret ${REDACTED} is not valid`);
    expect(short.text('?token=Pw7!x&x=1')).toBe(`?token=${REDACTED}&x=1`);
    expect(short.text('{"password":"admin"}')).toBe(`{"password":"${REDACTED}"}`);
    expect(short.text('password: &quot;admin&quot;')).toBe(`password: &quot;${REDACTED}&quot;`);
    expect(short.text('http://u:admin@h/x')).toBe(`http://u:${REDACTED}@h/x`);
    // Elsewhere the letters are the page's: links, words, a longer credential that starts alike.
    const page = '<a href="/admin/users">admin</a> Pw7!x token=administrator';
    expect(short.text(page)).toBe(page);
  });

  it("replaces any URL's password, configured or not", () => {
    expect(redact.text('fetch failed: http://msr:s3@mlflow:5000/api and redis://:x@r:6379')).toBe(`fetch failed: http://msr:${REDACTED}@mlflow:5000/api and redis://:${REDACTED}@r:6379`);
    expect(redact.text('mail a@b.c at http://host/a:b@c')).toBe('mail a@b.c at http://host/a:b@c');
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
