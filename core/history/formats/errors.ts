// The error every history loader throws: the message starts with `file:line:` and says what is wrong there.

export class HistoryFormatError extends Error {
  override readonly name = 'HistoryFormatError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}
