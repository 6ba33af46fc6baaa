// The driver's line protocol (clients/java): one JSON object per line each way. Requests are
// {"id", "op", "args"}; each gets exactly one response {"id", "ok": true, "result"} or {"id", "ok": false, "error"},
// in completion order. Pure functions here; the process handling is in driver.ts.

/** Bumped with the Java side (DriverOps.PROTOCOL_VERSION) when a request or response changes shape. */
export const PROTOCOL_VERSION = 1;

export interface DriverRequest {
  id: number;
  op: string;
  args?: Record<string, unknown>;
}

/** The driver's error object (faultline.driver.outcome.ErrorReport). */
export interface DriverErrorInfo {
  /** Java class of the exception, e.g. org.apache.kafka.common.errors.NotLeaderOrFollowerException. */
  class: string;
  message: string;
  causeChain: Array<{ class: string; message: string }>;
  /** Kafka's Errors enum name when the exception (or a cause) is an ApiException, e.g. NOT_LEADER_OR_FOLLOWER. */
  kafkaError?: string;
  /** fail: the operation certainly had no effect; info: it may have. */
  outcome: 'fail' | 'info';
  /** producer.send only: rejectedBeforeQueue, retriesDuringSend. */
  detail?: Record<string, unknown>;
}

export type DriverResponse = { id: number | string | null; ok: true; result: unknown } | { id: number | string | null; ok: false; error: DriverErrorInfo };

export function encodeRequest(request: DriverRequest): string {
  return JSON.stringify(request) + '\n';
}

/** Parses one response line; throws on anything that is not a response (the caller treats that as a broken driver). */
export function parseResponseLine(line: string): DriverResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`driver wrote a line that is not JSON: ${line.slice(0, 200)}`);
  }
  if (!isObject(parsed) || !('id' in parsed) || typeof parsed.ok !== 'boolean') {
    throw new Error(`driver wrote a line that is not a response: ${line.slice(0, 200)}`);
  }
  const id = parsed.id;
  if (id !== null && typeof id !== 'number' && typeof id !== 'string') throw new Error(`driver response with a bad id: ${line.slice(0, 200)}`);
  if (parsed.ok) return { id, ok: true, result: parsed.result };
  if (!isErrorInfo(parsed.error)) throw new Error(`driver error response without a proper error object: ${line.slice(0, 200)}`);
  return { id, ok: false, error: parsed.error };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isErrorInfo(x: unknown): x is DriverErrorInfo {
  return (
    isObject(x) &&
    typeof x.class === 'string' &&
    typeof x.message === 'string' &&
    Array.isArray(x.causeChain) &&
    (x.outcome === 'fail' || x.outcome === 'info') &&
    (x.kafkaError === undefined || typeof x.kafkaError === 'string')
  );
}
