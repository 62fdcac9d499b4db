import { readSongsBase } from '@msr/pipeline';
import { datasetFeaturesProvider, type AudioFeaturesProvider, type FeaturesLookup } from '@msr/spotify';

/**
 * An `AudioFeaturesProvider` over the pipeline's songs base (`song_df.csv`), held in memory and
 * swapped whole by {@link reload} when a job changed the base (the feed adds songs). Until the
 * first load, or when there is no base yet, it knows no track.
 */
export class SongsBaseFeatures implements AudioFeaturesProvider {
  readonly name = 'songs-base';
  private provider: AudioFeaturesProvider = datasetFeaturesProvider([], { name: this.name });
  private songs = 0;

  constructor(private readonly path: string) {}

  /** How many songs the provider knows. */
  get size(): number {
    return this.songs;
  }

  /** Reads the songs base again; throws when it cannot be read (the previous copy stays). */
  async reload(): Promise<number> {
    const rows = await readSongsBase(this.path);
    this.provider = datasetFeaturesProvider(rows, { name: this.name });
    this.songs = rows.length;
    return rows.length;
  }

  getFeatures(ids: Iterable<string>, options?: { signal?: AbortSignal }): Promise<FeaturesLookup> {
    return this.provider.getFeatures(ids, options);
  }
}
