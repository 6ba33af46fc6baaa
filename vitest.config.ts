// Test configuration: "unit" tests need nothing; "integration" tests start real Kafka clusters in Docker.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration test files each start a real cluster with fixed names: they must run one at a time.
    fileParallelism: false,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 15 * 60_000,
          hookTimeout: 15 * 60_000,
        },
      },
    ],
  },
});
