// Error kinds the CLI turns into one clear line and an exit code (see README "Exit codes").

/** Bad input from the user (flags, files, specs). Exit 254. The message names the problem and the fix. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** The machine lacks something faultline needs and cannot provide itself (engine, Java, a kernel feature). Exit 255. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

export const EXIT = {
  valid: 0,
  invalid: 1,
  unknown: 2,
  badArguments: 254,
  harnessFailed: 255,
} as const;

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
