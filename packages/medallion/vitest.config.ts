import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Interop tests start reference engines (Python processes); give them room.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
