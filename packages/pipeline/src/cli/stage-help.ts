import type { AnyPipelineStage } from '../stages/stage.js';

/** `text` broken into lines of at most `width` characters, at spaces. */
export function wrapWords(text: string, width = 95): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** One line per stage, its name and summary (for `msr stage --help`), from the stage list. */
export function stagesHelp(stages: readonly AnyPipelineStage[]): string {
  const width = Math.max(...stages.map((s) => s.name.length));
  return stages.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`).join('\n');
}
