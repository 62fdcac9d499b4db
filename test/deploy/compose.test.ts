/**
 * `compose.yaml`: valid under the Compose specification (the `compose-spec` parser from PyPI,
 * after YAML merge keys are resolved as Compose resolves them), consistent with itself (volumes
 * declared, dependencies healthy, secrets from env files that have an example), configured as
 * BullMQ needs, and exactly what the deploy guide's table says.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, inject, it } from 'vitest';
import { runTool } from '../tools/python-tools.js';
import { parseDockerfile } from './dockerfile.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface Service {
  image?: string;
  command?: string[];
  ports?: string[];
  volumes?: string[];
  env_file?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}
const TEXT = readFileSync(`${REPO}compose.yaml`, 'utf8');
const compose = parse(TEXT, { merge: true }) as Compose;
const services = Object.entries(compose.services);

const VALIDATE = `
import sys
from compose_spec import PyCompose
PyCompose.from_json(sys.stdin.read()).validate()
`;

describe('the Compose specification', () => {
  const { tools, skipReason } = inject('pythonTools');
  it.skipIf(!tools)(`accepts compose.yaml${skipReason ? ` (skipped: ${skipReason})` : ''}`, async () => {
    const result = await runTool(tools!.python, ['-c', VALIDATE], { input: JSON.stringify(compose) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it.skipIf(!tools)('rejects a misspelt key or a malformed duration (the validator can fail)', async () => {
    const mutated = (change: (server: Record<string, unknown>) => void): string => {
      const copy = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
      change(copy.services['server-1']!);
      return JSON.stringify(copy);
    };
    const typo = mutated((s) => {
      s['healthchek'] = s['healthcheck'];
      delete s['healthcheck'];
    });
    const duration = mutated((s) => void ((s['healthcheck'] as Record<string, unknown>)['interval'] = 'thirty'));
    for (const input of [typo, duration]) {
      const result = await runTool(tools!.python, ['-c', VALIDATE], { input });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/ValueError: .*(healthchek|thirty)/);
    }
  });

  it.skipIf(!tools)('hadolint reports nothing on the MLflow image', async () => {
    const result = await runTool(tools!.hadolint, ['--no-color', '--format', 'json', '--failure-threshold', 'style', 'deploy/mlflow/Dockerfile']);
    expect(JSON.parse(result.stdout || '[]')).toEqual([]);
  });
});

describe('our rules', () => {
  it('runs two servers on the image command and two msr workers', () => {
    const onImage = services.filter(([, s]) => s.image === 'msr:local');
    expect(onImage.filter(([, s]) => !s.command).map(([n]) => n)).toEqual(['server-1', 'server-2']);
    const workers = onImage.filter(([, s]) => s.command?.slice(0, 2).join(' ') === 'msr worker');
    expect(workers.map(([n]) => n)).toEqual(['worker-1', 'worker-2']);
    for (const [, worker] of workers) expect(worker.command).toEqual(expect.arrayContaining(['--artifacts', 'mlflow']));
  });

  it('configures Redis as BullMQ needs: append-only file, no eviction', () => {
    const command = compose.services['redis']!.command!.join(' ');
    expect(command).toMatch(/--appendonly yes\b/);
    expect(command).toMatch(/--maxmemory-policy noeviction\b/);
  });

  it('declares every named volume, waits for healthy dependencies, publishes on the loopback only', () => {
    for (const [name, service] of services) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (!source.startsWith('.') && !source.startsWith('/')) expect(compose.volumes, `${name}: ${source}`).toHaveProperty([source]);
      }
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(compose.services, `${name} → ${target}`).toHaveProperty([target]);
        expect(condition).toBe('service_healthy');
        expect(compose.services[target]!.healthcheck?.test, `${target} needs a health check`).toBeDefined();
      }
      for (const port of service.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('mounts writable volumes of the msr image only where the image made a folder for its user', () => {
    // Docker creates a missing mount point as root; the processes run as 1000 and could not write.
    const runtime = parseDockerfile(readFileSync(`${REPO}Dockerfile`, 'utf8')).at(-1)!;
    const owned = runtime.instructions
      .filter((i) => i.keyword === 'RUN')
      .flatMap((i) => i.text.split('&&').map((c) => c.trim().split(/\s+/)))
      .filter(([command, owner]) => command === 'chown' && /^1000(:1000)?$/.test(owner ?? ''))
      .flatMap(([, , ...paths]) => paths.map((p) => `/app/${p}`));
    expect(owned).toContain('/app/shared');
    for (const [name, service] of services.filter(([, s]) => s.image === 'msr:local')) {
      for (const volume of service.volumes ?? []) {
        const [, target, mode] = volume.split(':');
        if (mode !== 'ro') expect(owned, `${name}: ${volume}`).toContain(target);
      }
    }
  });

  it('takes secrets from env files, each with an example beside the file', () => {
    const files = new Set(services.flatMap(([, s]) => s.env_file ?? []));
    expect(files.size).toBeGreaterThan(0);
    for (const file of files) {
      expect(file).toMatch(/^deploy\/secrets\/[\w-]+\.env$/);
      expect(existsSync(`${REPO}${file.replace('deploy/secrets/', 'deploy/secrets.example/')}`), file).toBe(true);
    }
    expect(TEXT).not.toMatch(/PASSWORD\s*[:=]\s*[^\s$"]/);
  });
});

describe('the deploy guide', () => {
  const guide = readFileSync(`${REPO}docs/guides/deploy.md`, 'utf8');
  const header = '| service | image | ports | volumes | health check | depends on |';
  const rows = guide
    .slice(guide.indexOf(header))
    .split('\n')
    .slice(2)
    .filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith('|')))
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  const list = (cell: string): string[] => (cell === '—' ? [] : cell.split(',').map((c) => c.trim()));

  it('lists every service of compose.yaml, and no other', () => {
    expect(rows.map((r) => r[0])).toEqual(services.map(([n]) => n));
  });

  it.each(rows.map((r) => [r[0]!, r] as const))('%s: image, ports, volumes, health check and dependencies as in compose.yaml', (name, [, image, ports, volumes, health, depends]) => {
    const service = compose.services[name]!;
    expect(service.image).toBe(image);
    expect(service.ports ?? []).toEqual(list(ports!));
    expect(service.volumes ?? []).toEqual(list(volumes!));
    expect(Object.keys(service.depends_on ?? {})).toEqual(list(depends!));
    if (service.healthcheck?.disable) {
      expect(health).toMatch(/^none\b/);
    } else {
      // The cell's words appear in the check's command, in order ("…" stands for what is left out).
      const command = service.healthcheck!.test!.join(' ');
      let at = 0;
      for (const word of health!.split(/\s+/).filter((w) => w !== '…')) {
        const found = command.indexOf(word, at);
        expect(found, `"${word}" of "${health}" in ${command}`).toBeGreaterThanOrEqual(0);
        at = found + word.length;
      }
    }
  });
});
