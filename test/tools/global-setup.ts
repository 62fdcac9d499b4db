/**
 * Vitest global setup of the repository project: the Python tools venv (hadolint, compose-spec)
 * for the deployment files' tests, provided as `pythonTools`. Without Python the tests skip with
 * the reason; with `MSR_CI=1` that is a failure.
 */
import type { TestProject } from 'vitest/node';
import { ensurePythonTools, type PythonTools } from './python-tools.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pythonTools: { readonly tools?: PythonTools; readonly skipReason?: string };
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const skip = (reason: string): void => {
    if (process.env['MSR_CI'] === '1') throw new Error(`MSR_CI=1: the deployment linters cannot be skipped: ${reason}`);
    process.stderr.write(`[python-tools] skipping hadolint and the Compose validation: ${reason}\n`);
    project.provide('pythonTools', { skipReason: reason });
  };
  try {
    const tools = await ensurePythonTools();
    if (!tools) return skip('no Python ≥ 3.10 with venv found (set MSR_PYTHON or install python3-venv)');
    project.provide('pythonTools', { tools });
  } catch (error) {
    skip(`the tools venv could not be provisioned: ${(error as Error).message.split('\n')[0]}`);
  }
}
