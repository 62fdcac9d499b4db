import { describe, expect, it } from 'vitest';
import { toyModel, toySongs } from '../../test/toy-model.js';
import { hashRow } from './catalog-index.js';
import { RecordingMarks, servingIndex } from './serving-index.js';

describe('serving index', () => {
  it('gives one recording id to identical features across genres, distinct ids otherwise', () => {
    const songs = toySongs(40, 2);
    // A pop song re-released in ambient under another id, and a second id for a metal song.
    const pop = songs.find((s) => s.genre === 'pop')!;
    const metal = songs.find((s) => s.genre === 'metal')!;
    const model = toyModel([...songs, { ...pop, uri: 'reReleaseInAmbient0000', genre: 'ambient' }, { ...metal, uri: 'secondIdOfMetal0000000' }]);
    const index = servingIndex(model);
    expect(servingIndex(model)).toBe(index); // built once per model
    const idOf = (genre: string, uri: string) => {
      const g = model.genres.indexOf(genre);
      return index.recordingOf[g]![model.genreModels[g]!.catalog.uris.indexOf(uri)]!;
    };
    expect(idOf('ambient', 'reReleaseInAmbient0000')).toBe(idOf('pop', pop.uri));
    expect(idOf('metal', 'secondIdOfMetal0000000')).toBe(idOf('metal', metal.uri));
    // 120 songs, two of them re-releases: 120 recordings.
    expect(index.recordings).toBe(120);
    const all = index.recordingOf.flatMap((ids) => Array.from(ids));
    expect(new Set(all).size).toBe(120);
    expect(Math.min(...all)).toBe(0);
    expect(Math.max(...all)).toBe(119);
    expect(index.findRecording(Float32Array.from(pop.vector))).toBe(idOf('pop', pop.uri));
    expect(index.findRecording(Float32Array.from(pop.vector.map((v, f) => (f === 1 ? v + 0.5 : v))))).toBe(-1);
  });

  it('tells −0 from 0 as the catalog index does (bits, not numeric equality)', () => {
    const songs = toySongs(40, 2);
    const pop = songs.filter((s) => s.genre === 'pop');
    // Two pop songs whose features differ only in the sign of a zero.
    const zero = { ...pop[0]!, uri: 'positiveZero0000000000', vector: pop[0]!.vector.map((v, f) => (f === 1 ? 0 : v)) };
    const negative = { ...pop[0]!, uri: 'negativeZero0000000000', vector: pop[0]!.vector.map((v, f) => (f === 1 ? -0 : v)) };
    const model = toyModel([...songs, zero, negative]);
    const index = servingIndex(model);
    const g = model.genres.indexOf('pop');
    const { catalog } = model.genreModels[g]!;
    const at = (uri: string) => catalog.uris.indexOf(uri);
    expect(catalog.recordings.recording[at(zero.uri)]).not.toBe(catalog.recordings.recording[at(negative.uri)]);
    expect(index.recordingOf[g]![at(zero.uri)]).not.toBe(index.recordingOf[g]![at(negative.uri)]);
    expect(index.findRecording(Float32Array.from(negative.vector))).toBe(index.recordingOf[g]![at(negative.uri)]);
  });

  it('tells apart recordings whose rows share a hash, within a genre and across genres', () => {
    // FNV-1a runs byte by byte, so two rows whose first two floats collide (0xc5dd502d, the pair
    // of catalog-index.test.ts) and whose other floats agree share the whole row's hash.
    const songs = toySongs(40, 2);
    const pop = songs.find((s) => s.genre === 'pop')!;
    const rest = pop.vector.slice(2);
    const a = [0.03363863751292229, 0.36344701051712036, ...rest];
    const b = [0.6778571605682373, 0.9099413156509399, ...rest];
    expect(hashRow(Float32Array.from(a), 0, a.length)).toBe(hashRow(Float32Array.from(b), 0, b.length));
    const model = toyModel([
      ...songs,
      { ...pop, uri: 'collidingA000000000000', vector: a },
      { ...pop, uri: 'collidingB000000000000', vector: b },
      { ...pop, uri: 'collidingB000000000000', genre: 'metal', vector: b },
      { ...pop, uri: 'collidingA000000000000', genre: 'ambient', vector: b },
    ]);
    const index = servingIndex(model);
    const idOf = (genre: string, uri: string) => {
      const g = model.genres.indexOf(genre);
      return index.recordingOf[g]![model.genreModels[g]!.catalog.uris.indexOf(uri)]!;
    };
    const recordingA = idOf('pop', 'collidingA000000000000');
    const recordingB = idOf('pop', 'collidingB000000000000');
    expect(recordingA).not.toBe(recordingB);
    expect(idOf('metal', 'collidingB000000000000')).toBe(recordingB);
    expect(idOf('ambient', 'collidingA000000000000')).toBe(recordingB);
    expect(index.findRecording(Float32Array.from(a))).toBe(recordingA);
    expect(index.findRecording(Float32Array.from(b))).toBe(recordingB);
    // 120 toy recordings and the two colliding ones.
    expect(index.recordings).toBe(122);
    // An id names every recording listed under it, each once: A is A in pop and B in ambient;
    // B is B in pop and in metal.
    expect([...index.idRecordings.get('collidingA000000000000')!].sort((x, y) => x - y)).toEqual([recordingA, recordingB].sort((x, y) => x - y));
    expect(index.idRecordings.get('collidingB000000000000')).toEqual([recordingB]);
    expect(index.idRecordings.get(pop.uri)).toEqual([idOf('pop', pop.uri)]);
  });

  it('marks are a set that empties on clear, also across the stamp wrap-around', () => {
    const marks = new RecordingMarks(4);
    marks.add(1);
    marks.add(3);
    expect([0, 1, 2, 3].map((id) => marks.has(id))).toEqual([false, true, false, true]);
    marks.clear();
    expect([0, 1, 2, 3].some((id) => marks.has(id))).toBe(false);
    // A mark made under stamp 1, then the stamp driven to its limit: the clear that wraps it
    // back to 1 must not bring the old mark back.
    const wrapping = new RecordingMarks(4);
    wrapping.clear();
    wrapping.add(1);
    (wrapping as unknown as { stamp: number }).stamp = 0x7fffffff;
    wrapping.add(2);
    wrapping.clear();
    expect([0, 1, 2, 3].some((id) => wrapping.has(id))).toBe(false);
    wrapping.add(0);
    expect(wrapping.has(0)).toBe(true);
  });
});
