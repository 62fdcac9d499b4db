// One copy of the atomic writers, in @msr/io; re-exported here so the pipeline's modules keep
// their local import path.
export { tempPathFor, writeFileAtomic } from '@msr/io/fs';
