// Hostile strings planted into a report's inputs, to prove they come out as text.

import type { ReportInput } from '../../../reports/html/index.ts';

export const SCRIPT_PAYLOAD = '<script>alert(1)</script>';
export const ATTRIBUTE_PAYLOAD = '"><img src=x onerror=alert(2)>';
export const BREAKOUT_PAYLOAD = '</script><!-- \u2028\u2029 <script>alert(3)</script>';
export const ALL_PAYLOADS = `${SCRIPT_PAYLOAD} ${ATTRIBUTE_PAYLOAD} ${BREAKOUT_PAYLOAD}`;

/** Plants the payloads in the title, a client op's value and error, an anomaly explanation, details and the spec. */
export function withPayloads(input: ReportInput): ReportInput {
  const ops = input.ops.map((op) => ({ ...op }));
  const completion = ops.find((op) => op.type === 'fail')!;
  completion.value = { key: ALL_PAYLOADS, note: ATTRIBUTE_PAYLOAD };
  completion.error = ALL_PAYLOADS;
  const invoke = ops.find((op) => op.type === 'invoke' && op.process === completion.process && op.index < completion.index && op.time <= completion.time)!;
  invoke.value = ALL_PAYLOADS;
  const [name, checker] = Object.entries(input.results.checkers)[0]!;
  const planted = {
    ...checker,
    anomalies: [...checker.anomalies, { type: ATTRIBUTE_PAYLOAD, explanation: ALL_PAYLOADS, ops: [completion.index], details: { payload: ALL_PAYLOADS } }],
  };
  return {
    ...input,
    title: `${input.title} ${SCRIPT_PAYLOAD} ${ATTRIBUTE_PAYLOAD}`,
    spec: { ...input.spec, note: ALL_PAYLOADS },
    ops,
    results: { ...input.results, checkers: { ...input.results.checkers, [name]: planted } },
  };
}
