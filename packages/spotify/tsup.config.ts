import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

export default defineConfig({ ...libraryBuild, entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' } });
