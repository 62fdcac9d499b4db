import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readJsonFile } from '../util/read-json.js';
import type { AliasMove } from './champion-alias.js';

/**
 * The file (`<root>/.msr/champion-move.json`) holding the champion move a pipeline run's model
 * assembly made, for the same run's recommender-evaluation gate — another stage, perhaps another
 * process of the queue runner. When the gate rejects the new version it undoes exactly this move,
 * so `@previous-champion` keeps naming the champion before the last move that stuck (decision 1060).
 */
const pendingMoveSchema = z.object({
  pipelineRunId: z.string().min(1),
  move: z.object({
    model: z.string(),
    alias: z.string(),
    version: z.string(),
    from: z.string().optional(),
    moved: z.boolean(),
    previousBefore: z.string().optional(),
  }),
});

/** Records `move`, made by pipeline run `pipelineRunId` (temp file + rename: never half-written). */
export async function writePendingChampionMove(path: string, pipelineRunId: string, move: AliasMove): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify({ pipelineRunId, move })}\n`);
}

/**
 * The move recorded by pipeline run `pipelineRunId`, or `undefined` when there is none or it is
 * another run's (an evaluation run on its own must not undo an earlier run's accepted move).
 */
export async function readPendingChampionMove(path: string, pipelineRunId: string | undefined): Promise<AliasMove | undefined> {
  if (pipelineRunId === undefined || !existsSync(path)) return undefined;
  const record = await readJsonFile(path, pendingMoveSchema);
  if (record.pipelineRunId !== pipelineRunId) return undefined;
  const { from, previousBefore, ...rest } = record.move;
  return { ...rest, from, previousBefore };
}
