import { defineConfig } from 'vitest/config';

// `pnpm run conformance`: tasks that regenerate CONFORMANCE.md and CONFORMANCE-TABLES.md
// (vitest runs them as TypeScript; they are not part of `pnpm test`).
export default defineConfig({
  test: {
    include: ['src/**/*.task.ts'],
    testTimeout: 7_200_000,
    hookTimeout: 7_200_000,
  },
});
