import { describe, expect, it } from 'vitest';
import { parseCsv } from '../csv/parse-csv.js';
import { kaggleCsv, kaggleRows } from '../stages/__fixtures__/kaggle-csv.js';
import { sourceColumns } from './column-mapping.js';
import { extractSongs } from './extract-songs.js';
import { formatQuarantine } from './quarantine.js';
import { selectGenres } from './select-genres.js';

const COLUMNS = sourceColumns('genre');
const table = (text: string) => parseCsv(text, { file: 'd.csv' });

/** 40 jazz and 40 rock rows, 3 pop rows, then the bad rows the issue names. */
function dirty(): string {
  const rows = [...kaggleRows(['jazz', 'rock'], 40), ...kaggleRows(['pop'], 3, 7)];
  rows.push({ ...rows[0]!, track_id: 'T0000000000000000000000', tempo: '0' }); // row 84
  rows.push({ ...rows[1]!, track_id: 'L0000000000000000000000', loudness: '-150.5' }); // row 85
  rows.push({ ...rows[2]!, track_id: 'M0000000000000000000000', energy: '', valence: '' }); // row 86
  rows.push({ ...rows[3]!, tempo: '99.5' }); // row 87: rows[3]'s uri again, other features
  rows.push({ ...rows[4]! }); // row 88: rows[4] listed again, same features
  return kaggleCsv(rows);
}

describe('extractSongs', () => {
  it('sets aside tempo 0, loudness beyond range, missing cells and a uri repeated with other features, each with row, line, column and reason', () => {
    const out = extractSongs(table(dirty()), 'd.csv', { columns: COLUMNS, genres: ['jazz', 'rock', 'pop'] });
    expect(out.rowsRead).toBe(88);
    expect(out.songs).toHaveLength(83);
    expect(out.droppedDuplicates).toBe(1);
    expect(out.quarantined.map((q) => [q.row, q.line, q.problems.map((p) => `${p.column} ${p.code}: ${p.reason}`)])).toEqual([
      [84, 85, ['tempo out_of_range: 0 is out of range (must be greater than 0 bpm (0 means no beat was detected))']],
      [85, 86, ['loudness out_of_range: -150.5 is out of range (must be at least -100 dB)']],
      [86, 87, ['energy missing_value: is empty', 'valence missing_value: is empty']],
      [87, 88, [expect.stringMatching(/^track_id duplicate_uri: uri \w{22} is also row 4 \(line 5\) with other features \(tempo [\d.]+ vs 99\.5\); the first row is kept$/)]],
    ]);
    // Nothing valid is dropped: every row is kept, quarantined, or a same-feature re-listing.
    expect(out.songs.length + out.quarantined.length + out.droppedDuplicates).toBe(out.rowsRead);
    // The quarantine file keeps the row as read, under the dataset's own header.
    const csv = table(formatQuarantine(table(dirty()).header, out.quarantined));
    expect(csv.header.slice(0, 6)).toEqual(['_row', '_line', '_column', '_code', '_reason', '']);
    expect(csv.rows[2]!.slice(0, 5)).toEqual(['86', '87', 'energy; valence', 'missing_value; missing_value', 'energy: is empty; valence: is empty']);
    expect(csv.rows[0]![csv.header.indexOf('album_name')]).toBe('Album, "jazz"');
  });

  it('leaves out a genre with 3 songs when the genres come from the data, and says why', () => {
    const out = extractSongs(table(dirty()), 'd.csv', { columns: COLUMNS });
    const selection = selectGenres(out.songs, { minRecordings: 30, rowsPerGenre: out.rowsPerGenre });
    expect(selection.genres).toEqual(['jazz', 'rock']);
    expect(selection.leftOut).toEqual([{ genre: 'pop', recordings: 3, reason: '3 recordings, fewer than min_recordings 30' }]);
    expect(selection.recordings).toEqual({ jazz: 40, pop: 3, rock: 40 });
  });

  it('counts recordings, not rows: re-releases with identical features under other uris count once', () => {
    const rows = kaggleRows(['jazz'], 30);
    const again = rows.slice(0, 5).map((r, i) => ({ ...r, track_id: `R${String(i).padStart(21, '0')}` }));
    const out = extractSongs(table(kaggleCsv([...rows, ...again])), 'd.csv', { columns: COLUMNS });
    expect(out.songs).toHaveLength(35);
    expect(selectGenres(out.songs, { minRecordings: 31 }).leftOut).toEqual([{ genre: 'jazz', recordings: 30, reason: '30 recordings, fewer than min_recordings 31' }]);
  });

  it('reads reordered and extra columns through the mapping, and reports what it ignored', () => {
    const text = 'genre_name,extra,tempo,valence,speechiness,loudness,instrumentalness,energy,danceability,acousticness,key,id\nrock,x,120,0.5,0.1,-6,0,0.7,0.6,0.2,5,abc\n';
    const out = extractSongs(table(text), 'd.csv', { columns: sourceColumns('genre', { genre: 'genre_name' }) });
    expect(out.songs).toEqual([{ uri: 'abc', genre: 'rock', key: 5, acousticness: 0.2, danceability: 0.6, energy: 0.7, instrumentalness: 0, loudness: -6, speechiness: 0.1, valence: 0.5, tempo: 120 }]);
    expect(out.mapping.used).toMatchObject({ uri: 'id', genre: 'genre_name', tempo: 'tempo' });
    expect(out.mapping.ignored).toEqual(['extra']);
    expect(out.format).toBe('mapped');
  });
});
