/**
 * The sentence an admin reads beside a quarantine problem code on the monitoring page: the codes
 * are the pipeline's (`@msr/pipeline`'s row checks, the feed's CSV reader), stable for scripts and
 * the JSON, but a code alone does not say what was wrong with the rows.
 */
const MEANINGS: Readonly<Record<string, string>> = {
  missing_value: 'A value is missing: an empty cell where a feature, the track id or the genre belongs.',
  wrong_type: 'A value is not of its kind: text where a number belongs.',
  out_of_range: 'A value is outside its allowed range, such as a tempo of 0 or a danceability above 1.',
  invalid_value: 'A value the songs base does not accept.',
  duplicate_uri: 'The track id already appears in an earlier row; the earlier row is kept.',
  unknown_genre: 'The genre is not one of the genres the models are trained on.',
  invalid_row: 'The file reader refused the row: a cell missing, out of range or not a number (each row below names the field and why).',
};

/** The sentence for a problem code; a code not listed here gets a sentence pointing at each row's reason. */
export function problemMeaning(code: string): string {
  return MEANINGS[code] ?? "A problem the checks name by this code: each row's reason says what was wrong.";
}
