// Why a driver request did not succeed. Every kind carries the outcome of the operation (fail: certainly no effect;
// info: maybe) and a short label for the history.
import type { DriverErrorInfo } from './protocol.ts';

export abstract class JavaDriverError extends Error {
  abstract readonly outcome: 'fail' | 'info';
  /** Short, stable text for a history op's `error` field. */
  abstract label(): string;
}

/** The driver answered with an error: a Java exception, classified by the driver (see README.md). */
export class JavaClientError extends JavaDriverError {
  override readonly name = 'JavaClientError';
  readonly outcome: 'fail' | 'info';

  constructor(
    readonly op: string,
    readonly info: DriverErrorInfo,
  ) {
    super(`${op}: ${shortClass(info.class)}: ${info.message}`);
    this.outcome = info.outcome;
  }

  label(): string {
    const what = this.info.kafkaError ?? `${shortClass(this.info.class)}: ${this.info.message}`;
    return what.slice(0, 200);
  }
}

/** No answer within the request's timeout: the request may still take effect in the driver. */
export class DriverRequestTimeout extends JavaDriverError {
  override readonly name = 'DriverRequestTimeout';
  readonly outcome = 'info' as const;

  constructor(
    readonly op: string,
    readonly timeoutMs: number,
  ) {
    super(`${op}: no answer from the Java driver within ${timeoutMs} ms`);
  }

  label(): string {
    return `timeout: no answer within ${this.timeoutMs} ms`;
  }
}

/** The driver process ended (or was closed) with the request unanswered. */
export class DriverExited extends JavaDriverError {
  override readonly name = 'DriverExited';
  readonly outcome = 'info' as const;

  constructor(
    readonly op: string,
    readonly why: string,
  ) {
    super(`${op}: the Java driver ${why}`);
  }

  label(): string {
    return `driver ${this.why}`.slice(0, 200);
  }
}

export function shortClass(javaClass: string): string {
  return javaClass.slice(javaClass.lastIndexOf('.') + 1);
}
