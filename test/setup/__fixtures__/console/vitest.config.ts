import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/setup/__fixtures__/console/*.fixture.ts'],
    setupFiles: ['test/setup/no-console.ts'],
    silent: true,
  },
});
