import { z } from 'zod';
import { ERROR_CODES } from '../errors/error-codes.js';
import { InvalidArgumentError, NotFittedError } from '../errors/msr-error.js';
import { parseModelJson } from '../errors/parse-model-json.js';

/** The `format` tag of a serialised {@link LabelEncoder}. */
export const LABEL_ENCODER_FORMAT = 'msr.label-encoder';

/** zod schema of {@link LabelEncoderJSON}. */
export const labelEncoderJsonSchema = z
  .object({
    format: z.literal(LABEL_ENCODER_FORMAT),
    version: z.literal(1),
    classes: z.array(z.string()).min(1),
  })
  .refine((e) => e.classes.every((c, i) => i === 0 || e.classes[i - 1]! < c), { path: ['classes'], message: 'must be distinct and sorted' });

/** The JSON form of a fitted {@link LabelEncoder} (version 1). */
export type LabelEncoderJSON = z.infer<typeof labelEncoderJsonSchema>;

/**
 * Encodes string labels as integers `0..n-1` in sorted order of the distinct labels (like
 * scikit-learn's `LabelEncoder`: sorted by code unit, so `'edm' < 'hip-hop' < 'r-n-b'`).
 *
 * @example
 * ```ts
 * const encoder = new LabelEncoder().fit(['rock', 'jazz', 'rock']);
 * encoder.classes;                // ['jazz', 'rock']
 * encoder.transform(['rock']);    // Int32Array [1]
 * encoder.inverseTransform([0]);  // ['jazz']
 * ```
 */
export class LabelEncoder {
  private sorted: string[] | undefined;
  private index = new Map<string, number>();

  /** Learns the sorted distinct labels. */
  fit(labels: readonly string[]): this {
    if (!Array.isArray(labels) || labels.length === 0) {
      throw new InvalidArgumentError('labels', 'must be a non-empty array of strings', ERROR_CODES.emptyData);
    }
    labels.forEach((label, i) => {
      if (typeof label !== 'string') throw new InvalidArgumentError(`labels[${i}]`, `must be a string, got ${String(label)}`);
    });
    this.setClasses([...new Set(labels)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    return this;
  }

  /** The distinct labels, sorted: code `i` stands for `classes[i]`. */
  get classes(): readonly string[] {
    return this.fitted();
  }

  /** Codes of `labels`; a label not seen by {@link fit} throws (`ERR_UNKNOWN_LABEL`). */
  transform(labels: readonly string[]): Int32Array {
    this.fitted();
    return Int32Array.from(labels, (label, i) => {
      const code = this.index.get(label);
      if (code === undefined) {
        throw new InvalidArgumentError(`labels[${i}]`, `unknown label ${JSON.stringify(label)} (known: ${this.fitted().join(', ')})`, ERROR_CODES.unknownLabel);
      }
      return code;
    });
  }

  /** {@link fit}, then {@link transform} of the same labels. */
  fitTransform(labels: readonly string[]): Int32Array {
    return this.fit(labels).transform(labels);
  }

  /** Labels of `codes`; a code outside `0..classes.length-1` throws. */
  inverseTransform(codes: ArrayLike<number>): string[] {
    const classes = this.fitted();
    return Array.from({ length: codes.length }, (_, i) => {
      const label = classes[codes[i]!];
      if (label === undefined) {
        throw new InvalidArgumentError(`codes[${i}]`, `must be an integer in [0, ${classes.length - 1}], got ${String(codes[i])}`, ERROR_CODES.outOfRange);
      }
      return label;
    });
  }

  /** The fitted encoder as versioned JSON. */
  toJSON(): LabelEncoderJSON {
    return { format: LABEL_ENCODER_FORMAT, version: 1, classes: [...this.fitted()] };
  }

  /** Restores an encoder saved with {@link toJSON}; anything else throws {@link ModelFormatError}. */
  static fromJSON(json: unknown): LabelEncoder {
    const data = parseModelJson(labelEncoderJsonSchema, json, LABEL_ENCODER_FORMAT);
    const encoder = new LabelEncoder();
    encoder.setClasses(data.classes);
    return encoder;
  }

  private setClasses(classes: string[]): void {
    this.sorted = classes;
    this.index = new Map(classes.map((label, i) => [label, i]));
  }

  private fitted(): string[] {
    if (!this.sorted) throw new NotFittedError('LabelEncoder');
    return this.sorted;
  }
}
