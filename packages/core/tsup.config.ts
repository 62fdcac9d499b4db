import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

export default defineConfig({
  ...libraryBuild,
  // One file per subpath export (package.json "exports"); shared code in common chunks.
  entry: { index: 'src/index.ts', 'recommend/index': 'src/recommend/index.ts', 'models/index': 'src/models/index.ts' },
});
