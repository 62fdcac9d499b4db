import type { ConfigFile, ConfigIssue } from '@msr/core';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

/**
 * Checks that the keys of `config.yaml` naming the same file agree, since the original named
 * the songs base, the catalogs and the model twice: `data_validation.unzip_dir` and
 * `data_transformation.data_path`; `data_transformation.reco_dir` and the directory of
 * `unsmodel_fit.features_path_prefix`; `model_evaluation.model_path` and
 * `model_trainer.root_dir`/`model_name`.
 */
export function checkConsistency(config: ConfigFile, file: string, text: string, rootDir: string): ConfigIssue[] {
  const at = (...p: string[]) => resolve(rootDir, ...p);
  const issues: ConfigIssue[] = [];
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const add = (path: string[], message: string): void => {
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const range = node?.range;
    const pos = range ? lines.linePos(range[0]) : undefined;
    issues.push({ file, path, ...(pos ? { line: pos.line, column: pos.col } : {}), message, code: 'inconsistent_paths' });
  };
  if (at(config.data_validation.unzip_dir) !== at(config.data_transformation.data_path)) {
    add(['data_transformation', 'data_path'], `names ${config.data_transformation.data_path} but data_validation.unzip_dir names ${config.data_validation.unzip_dir}; both are the songs base`);
  }
  if (at(config.data_transformation.reco_dir) !== dirname(at(config.unsmodel_fit.features_path_prefix + 'x'))) {
    add(['unsmodel_fit', 'features_path_prefix'], `is outside data_transformation.reco_dir (${config.data_transformation.reco_dir}), where the catalogs are written`);
  }
  if (at(config.model_evaluation.model_path) !== at(config.model_trainer.root_dir, config.model_trainer.model_name)) {
    add(['model_evaluation', 'model_path'], `names ${config.model_evaluation.model_path} but the trainer writes ${config.model_trainer.root_dir}/${config.model_trainer.model_name}`);
  }
  return issues;
}
