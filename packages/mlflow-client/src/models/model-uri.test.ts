import { describe, expect, it } from 'vitest';
import { MlflowValidationError } from '../errors/mlflow-error.js';
import { mlflowUtcTime, parseMLmodel, stringifyMLmodel } from './mlmodel.js';
import { parseModelUri } from './model-uri.js';

describe('parseModelUri', () => {
  it('reads the four URI forms', () => {
    expect(parseModelUri('runs:/abc/model')).toEqual({ kind: 'run', runId: 'abc', path: 'model' });
    expect(parseModelUri('runs:/abc/models/clf/')).toEqual({ kind: 'run', runId: 'abc', path: 'models/clf' });
    expect(parseModelUri('models:/m-0123abcd')).toEqual({ kind: 'logged-model', modelId: 'm-0123abcd' });
    expect(parseModelUri('models:/msr@champion')).toEqual({ kind: 'alias', name: 'msr', alias: 'champion' });
    expect(parseModelUri('models:/msr/3')).toEqual({ kind: 'version', name: 'msr', version: '3' });
  });

  it('rejects anything else', () => {
    for (const bad of ['s3://bucket/model', 'runs:/only-run', 'models:/', 'models:/plain-name']) {
      expect(() => parseModelUri(bad), bad).toThrow(MlflowValidationError);
    }
  });
});

describe('MLmodel', () => {
  it('round-trips through YAML with the signature as MLflow writes it', () => {
    const model = {
      artifactPath: 'model',
      flavors: { msr: { bundle: 'model.json' } },
      runId: 'abc',
      modelUuid: 'u1',
      modelId: undefined,
      utcTimeCreated: mlflowUtcTime(Date.UTC(2026, 0, 31, 12, 0, 0, 123)),
      signature: { inputs: [{ name: 'tempo', type: 'double' as const, required: true }], outputs: [{ name: 'genre', type: 'string' as const, required: true }] },
    };
    const text = stringifyMLmodel(model);
    expect(text).toContain("utc_time_created: 2026-01-31 12:00:00.123000");
    expect(text).toContain('inputs: \'[{"type":"double","name":"tempo","required":true}]\'');
    expect(parseMLmodel(text)).toEqual(model);
  });

  it('names the file when it is not an MLmodel', () => {
    expect(() => parseMLmodel('just: text', 'runs:/x/model/MLmodel')).toThrow(/runs:\/x\/model\/MLmodel: flavors is missing/);
  });
});
