import { z } from 'zod';

const figure = z.object({
  system: z.string(),
  family: z.string(),
  playlists: z.number(),
  genreAccuracy: z.number().nullable(),
  genrePrecision: z.number().nullable(),
  recallAt20: z.number(),
  ndcgAt20: z.number(),
  coverage: z.number(),
  bothGenres: z.number().nullable(),
  diversity: z.number(),
  playlistTracks: z.number(),
  repeats: z.number(),
  latencyP99Ms: z.number().nullable(),
});

/** The part of `metrics/recommender.json` that `msr evaluate` prints. */
export const recommenderReportSchema = z.looseObject({
  figures: z.array(figure),
  coverage: z.array(z.object({ system: z.string(), coverage: z.number() })),
  setup: z.looseObject({ playlists: z.number(), recordings: z.number(), catalogRecordings: z.number() }),
  primary: z.object({ family: z.string(), metric: z.string(), value: z.number().nullable() }),
  skipped: z.string().nullable(),
  runId: z.string().nullable(),
  gate: z.union([
    z.object({ decision: z.enum(['promoted', 'kept']), version: z.string(), primary: z.number(), champion: z.object({ version: z.string(), primary: z.number() }).nullable() }),
    z.object({ decision: z.literal('none'), reason: z.string() }),
  ]),
});

/** The recommender evaluation report. */
export type RecommenderReport = z.infer<typeof recommenderReportSchema>;

/** The report as aligned text lines: one row per system and family, then coverage per system. */
export function recommenderTable(report: RecommenderReport): string[] {
  const pct = (x: number | null): string => (x === null ? '' : `${(x * 100).toFixed(1)}%`);
  const header = ['system', 'family', 'genre acc', 'genre prec', 'recall@20', 'NDCG@20', 'coverage', 'both genres', 'diversity', 'own/repeat'];
  const rows = report.figures.map((f) => [f.system, f.family, pct(f.genreAccuracy), pct(f.genrePrecision), f.recallAt20.toFixed(3), f.ndcgAt20.toFixed(3), pct(f.coverage), pct(f.bothGenres), f.diversity.toFixed(2), `${f.playlistTracks}/${f.repeats}`]);
  const cells = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const { setup, primary } = report;
  if (report.skipped !== null) return [`recommender not evaluated: ${report.skipped}`];
  return [
    `recommender on held-out playlists: ${setup.playlists} per family from ${setup.recordings} held-out recordings; catalog ${setup.catalogRecordings} recordings${report.runId ? `; run ${report.runId}` : ''}`,
    `primary: ${primary.metric} on ${primary.family} playlists = ${primary.value?.toFixed(3) ?? '-'} (default system)`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    `coverage over every family: ${report.coverage.map((c) => `${c.system} ${pct(c.coverage)}`).join(', ')}`,
    gateLine(report.gate),
  ];
}

function gateLine(gate: RecommenderReport['gate']): string {
  if (gate.decision === 'none') return `champion gate: none (${gate.reason})`;
  const against = gate.champion ? `${gate.primary.toFixed(4)} vs version ${gate.champion.version}'s ${gate.champion.primary.toFixed(4)}` : 'no earlier champion evaluated on this songs base';
  return `champion gate: version ${gate.version} ${gate.decision === 'promoted' ? 'promoted' : `not promoted, version ${gate.champion!.version} stays champion`} (${against})`;
}
