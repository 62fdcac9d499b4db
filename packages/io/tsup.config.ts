import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

export default defineConfig({ ...libraryBuild, entry: { index: 'src/index.ts', 'http/index': 'src/http/index.ts', 'fs/index': 'src/fs/index.ts' } });
