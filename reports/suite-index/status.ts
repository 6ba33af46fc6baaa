// How run statuses look on the index pages: label, CSS class and colour (the colours are checked in a screenshot).
import type { CellStatus } from '../../core/suite-record.ts';

export const STATUS_LABEL: Record<CellStatus, string> = {
  pass: 'pass',
  fail: 'FAIL',
  unknown: 'unknown',
  error: 'harness error',
  interrupted: 'interrupted',
  'not-run': 'not run',
};

/** Background colours of matrix cells, one per status. */
export const STATUS_COLOUR: Record<CellStatus, string> = {
  pass: '#2e9e5b',
  fail: '#d1362a',
  unknown: '#e0a100',
  error: '#7b3fb8',
  interrupted: '#8a929c',
  'not-run': '#cfd5dc',
};

/** The suite's verdict from its exit code. */
export function suiteVerdict(exitCode: number): { label: string; status: CellStatus } {
  switch (exitCode) {
    case 0:
      return { label: 'PASS', status: 'pass' };
    case 1:
      return { label: 'FAIL: anomalies not accepted by the baseline', status: 'fail' };
    case 2:
      return { label: 'UNKNOWN: a checker could not decide', status: 'unknown' };
    case 130:
    case 143:
      return { label: `INTERRUPTED (exit ${exitCode})`, status: 'interrupted' };
    case 254:
      return { label: 'STOPPED: bad input', status: 'error' };
    default:
      return { label: 'HARNESS FAILURE', status: 'error' };
  }
}

export const STATUS_CSS = Object.entries(STATUS_COLOUR)
  // Also as table cells on even rows, whose zebra background the report stylesheet sets with a stronger selector.
  .map(
    ([status, colour]) =>
      `.st-${status}, tbody tr:nth-child(n) td.st-${status} { background: ${colour}; color: ${status === 'not-run' || status === 'unknown' ? '#1f2933' : '#ffffff'}; }`,
  )
  .join('\n');
