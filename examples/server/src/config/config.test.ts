import { describe, expect, it } from 'vitest';
import { ServerConfigError, loadServerConfig, publicOriginOf } from './config.js';

describe('loadServerConfig', () => {
  it('has working defaults bound to loopback', () => {
    const config = loadServerConfig();
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      database: { url: 'file:data/msr-server.db' },
      sessions: { ttlMinutes: 30 },
      loginThrottle: { freeAttempts: 5, baseDelaySeconds: 10, maxDelayMinutes: 15, accountCeiling: 20, unknownAddressDelaySeconds: 60 },
      rateLimits: { enabled: true, globalPerDay: 200, globalPerHour: 50, recommendPerMinute: 5 },
      scheduler: { cron: '20 * * * *', timezone: 'UTC' },
      argon2: { memoryCost: 19456, timeCost: 3, parallelism: 1 },
    });
    expect(publicOriginOf(config)).toBe('http://127.0.0.1:3000');
  });

  it('layers file < environment < overrides', () => {
    const files: Record<string, string> = { '/etc/msr.yaml': 'port: 4000\nscheduler:\n  cron: "0 * * * *"\nrateLimits:\n  globalPerHour: 10\n' };
    const config = loadServerConfig({
      env: { MSR_CONFIG: '/etc/msr.yaml', MSR_PORT: '5000', MSR_RATE_LIMITS: 'off', MSR_PUBLIC_ORIGIN: 'https://msr.example.org/' },
      readFile: (p) => files[p]!,
      overrides: { log: { level: 'warn' } },
    });
    expect(config.port).toBe(5000);
    expect(config.scheduler.cron).toBe('0 * * * *');
    expect(config.rateLimits).toMatchObject({ enabled: false, globalPerHour: 10, globalPerDay: 200 });
    expect(config.log.level).toBe('warn');
    expect(publicOriginOf(config)).toBe('https://msr.example.org');
  });

  it('names the key and its source when something is wrong', () => {
    expect(() => loadServerConfig({ env: { MSR_PORT: 'eighty' } })).toThrow(new ServerConfigError('environment variable MSR_PORT: expected an integer, got "eighty"'));
    expect(() => loadServerConfig({ env: { MSR_PORT: '70000' } })).toThrow(/^port from environment variable MSR_PORT: /);
    expect(() => loadServerConfig({ env: { MSR_CONFIG: 'c.yaml' }, readFile: () => 'sessions:\n  ttlMinutes: -1\n' })).toThrow(
      /^sessions\.ttlMinutes from config file c\.yaml: /,
    );
    expect(() => loadServerConfig({ env: { MSR_CONFIG: 'c.yaml' }, readFile: () => 'sesions: {}\n' })).toThrow(/config file c\.yaml|Unrecognized key/);
    expect(() => loadServerConfig({ env: { MSR_SECURE_COOKIES: 'maybe' } })).toThrow(/MSR_SECURE_COOKIES: expected true\/false/);
    expect(() => loadServerConfig({ env: { MSR_CONFIG: 'c.yaml' } })).toThrow(/no readFile was given/);
  });
});
