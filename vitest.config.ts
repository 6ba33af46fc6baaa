// Test configuration: "unit" tests need nothing and run in parallel, first; "integration" tests start real Kafka
// clusters in Docker with fixed names, so they run one file at a time, after the unit tests (sequence.groupOrder).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          sequence: { groupOrder: 0 },
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Each file starts a real cluster with fixed names: one file at a time.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 15 * 60_000,
          hookTimeout: 15 * 60_000,
        },
      },
    ],
  },
});
