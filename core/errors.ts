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

/**
 * A message as one line of plain, printable text: terminal escape sequences (e.g. Maven's colours) removed, line
 * breaks folded into " | ", and any other control or undecodable byte shown as a visible escape (\x01, \ufffd).
 */
export function plainLine(text: string, maxLength = 2000): string {
  const folded = text
    // eslint-disable-next-line no-control-regex -- removing terminal escape sequences is the point
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*(\u0007|\u001b\\)|\u001b[@-Z\\-_]/g, '')
    .replace(/\s*\r?\n\s*/g, ' | ')
    // eslint-disable-next-line no-control-regex -- showing control characters visibly is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/\t/g, ' ')
    .replace(/\ufffd/g, '\\ufffd')
    .trim();
  return folded.length > maxLength ? `${folded.slice(0, maxLength - 1)}…` : folded;
}
