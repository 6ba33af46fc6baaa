// The lines a suite prints on stderr about its runs and its baseline.
import { cellsOf, type CellRecord, type SuiteRecord } from '../../core/suite-record.ts';
import { formatDuration } from '../../reports/html/format.ts';

const VERDICT_WORD: Record<CellRecord['status'], string> = {
  pass: 'pass',
  fail: 'FAIL',
  unknown: 'UNKNOWN',
  error: 'HARNESS ERROR',
  interrupted: 'interrupted',
  'not-run': 'not run',
};

/** "FAIL — 3 lost (lost-writes), 1 G1c accepted (kafka) · 2 min 05 s · 2 attempts". */
export function describeCell(cell: CellRecord): string {
  const findings = cell.findings.map(
    (f) =>
      `${f.class === 'unknown' ? 'unknown' : `${f.count} ${f.class}`}${f.acceptedBy !== undefined ? ' accepted' : f.expiredEntry !== undefined ? ' (baseline entry expired)' : ''} (${f.checker})`,
  );
  const error = cell.status === 'error' ? cell.attempts.at(-1)?.harnessError : undefined;
  const detail = error ?? (findings.length > 0 ? findings.join(', ') : cell.attempts.length > 0 ? 'no anomalies' : '');
  const attempts = cell.attempts.length > 1 ? ` · ${cell.attempts.length} attempts` : '';
  return `${VERDICT_WORD[cell.status]}${detail ? ` — ${detail}` : ''} · ${formatDuration(cell.durationMs)}${attempts}`;
}

/** What the baseline did: entries that matched, entries that expired, and the count of runs by status. */
export function summariseBaseline(record: SuiteRecord): string[] {
  const lines: string[] = [];
  for (const e of record.baseline?.entries ?? []) {
    if (e.status === 'unused') continue;
    const where = e.matches.map((m) => `${m.test} ${m.seed !== undefined ? `seed ${m.seed}` : `run ${m.slot + 1}`}`).join(', ');
    if (e.status === 'matched') lines.push(`baseline: accepted ${e.class} (${e.checker}) in ${where}: ${e.reason}`);
    else lines.push(`baseline: entry for ${e.test} ${e.class} (${e.checker}) expired on ${e.expires}${where ? `; it no longer accepts ${where}` : ''}`);
  }
  const counts = new Map<string, number>();
  for (const { cell } of cellsOf(record)) counts.set(cell.status, (counts.get(cell.status) ?? 0) + 1);
  lines.push(`runs: ${[...counts].map(([s, n]) => `${n} ${VERDICT_WORD[s as CellRecord['status']]}`).join(', ') || 'none'}`);
  return lines;
}
