import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The conformance tests start reference engines (delta-rs, Spark); give them room.
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
});
