import { PipelineError } from './pipeline-error.js';

/** Where in a CSV file a problem is. */
export interface CsvLocation {
  /** The file (as given to the reader). */
  file: string;
  /** 1-based physical line. */
  line: number;
  /** 1-based data row (the header is row 0), when the problem is inside a record. */
  row?: number;
}

/** A CSV file could not be read: bad quoting, a wrong number of fields, a truncated file. */
export class CsvError extends PipelineError {
  override readonly name = 'CsvError';
  /** Where the problem is. */
  readonly location: CsvLocation;

  constructor(location: CsvLocation, message: string) {
    const row = location.row === undefined ? '' : ` (row ${location.row})`;
    super('ERR_CSV', `${location.file}:${location.line}${row}: ${message}`, { badInput: true });
    this.location = location;
  }
}
