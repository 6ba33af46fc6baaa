// A differential run's summary: the same spec (seed, workload, nemesis) run once per client, side by side — ops by
// function and outcome, resends, anomalies by class, each checker's verdict — and the differences that matter, each
// saying which client did what. Pure: built from each run's results.json and history.
import type { Op } from '../../core/history/op.ts';
import type { RunResults, Validity } from '../../core/result.ts';

/** One side: a run's client name (spec.client), its results and its history. */
export interface DifferentialInput {
  client: string;
  results: RunResults;
  ops: readonly Op[];
  /** The run directory, for the reader. */
  dir?: string;
}

export interface ClientSide {
  client: string;
  /** e.g. "org.apache.kafka:kafka-clients 4.4.0"; null when results.json does not say. */
  library: string | null;
  dir?: string;
  verdict: Validity;
  checkers: Record<string, Validity>;
  /** Client op completions by "f type", e.g. "send ok". */
  ops: Record<string, number>;
  totals: { ok: number; fail: number; info: number };
  /** Write completions whose client put more than one Produce request on the wire for them. */
  resends: number;
  /** Anomalies that make a run invalid, by class; and the ones Kafka's model allows, by class. */
  anomalies: Record<string, number>;
  allowed: Record<string, number>;
  /** The commonest errors of fail/info completions, with counts. */
  topErrors: Array<{ error: string; count: number }>;
}

export interface DifferentialSummary {
  sides: [ClientSide, ClientSide];
  /** One sentence per difference that matters, naming each client's side. */
  differences: string[];
}

/** Outcome mixes that differ by more than this share of an op's completions are called out. */
export const OUTCOME_SHARE_THRESHOLD = 0.05;
const TOP_ERRORS = 5;

const count = (into: Record<string, number>, key: string, by = 1): void => {
  into[key] = (into[key] ?? 0) + by;
};

export function clientSide(input: DifferentialInput): ClientSide {
  const ops: Record<string, number> = {};
  const totals = { ok: 0, fail: 0, info: 0 };
  const errors: Record<string, number> = {};
  let resends = 0;
  for (const op of input.ops) {
    if (op.type === 'invoke' || op.process === 'nemesis') continue;
    count(ops, `${op.f} ${op.type}`);
    totals[op.type]++;
    if (op.requests !== undefined && op.requests > 1) resends++;
    if (op.type !== 'ok' && op.error) count(errors, `${op.f} ${op.type}: ${op.error}`);
  }
  const anomalies: Record<string, number> = {};
  const allowed: Record<string, number> = {};
  const checkers: Record<string, Validity> = {};
  for (const [name, result] of Object.entries(input.results.checkers)) {
    checkers[name] = result.valid;
    for (const a of result.anomalies) count(a.allowed ? allowed : anomalies, a.type);
  }
  const client = input.results.client;
  return {
    client: input.client,
    library: client ? `${client.library} ${client.version ?? '(version unknown)'}` : null,
    dir: input.dir,
    verdict: input.results.valid,
    checkers,
    ops,
    totals,
    resends,
    anomalies,
    allowed,
    topErrors: Object.entries(errors)
      .sort(([ea, a], [eb, b]) => b - a || ea.localeCompare(eb))
      .slice(0, TOP_ERRORS)
      .map(([error, n]) => ({ error, count: n })),
  };
}

const verdictWord = (v: Validity): string => (v === true ? 'valid' : v === false ? 'INVALID' : 'unknown');
const keysOf = (...records: Array<Record<string, unknown>>): string[] => [...new Set(records.flatMap((r) => Object.keys(r)))].sort();
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** Each op function's completions split by outcome: the share of fail and of info. */
function outcomeShares(side: ClientSide): Map<string, { total: number; ok: number; fail: number; info: number }> {
  const out = new Map<string, { total: number; ok: number; fail: number; info: number }>();
  for (const [key, n] of Object.entries(side.ops)) {
    const at = key.lastIndexOf(' ');
    const f = key.slice(0, at);
    const type = key.slice(at + 1) as 'ok' | 'fail' | 'info';
    const row = out.get(f) ?? { total: 0, ok: 0, fail: 0, info: 0 };
    row.total += n;
    row[type] += n;
    out.set(f, row);
  }
  return out;
}

function differencesBetween(a: ClientSide, b: ClientSide): string[] {
  const out: string[] = [];
  if (a.verdict !== b.verdict) out.push(`verdict: ${a.client} ${verdictWord(a.verdict)}, ${b.client} ${verdictWord(b.verdict)}`);
  for (const name of keysOf(a.checkers, b.checkers)) {
    if (a.checkers[name] !== b.checkers[name])
      out.push(`checker ${name}: ${a.client} ${verdictWord(a.checkers[name] ?? 'unknown')}, ${b.client} ${verdictWord(b.checkers[name] ?? 'unknown')}`);
  }
  for (const type of keysOf(a.anomalies, b.anomalies)) {
    const [x, y] = [a.anomalies[type] ?? 0, b.anomalies[type] ?? 0];
    if (x !== y) out.push(`anomaly ${type}: ${a.client} ${x}, ${b.client} ${y}`);
  }
  for (const type of keysOf(a.allowed, b.allowed)) {
    const [x, y] = [a.allowed[type] ?? 0, b.allowed[type] ?? 0];
    if ((x === 0) !== (y === 0)) out.push(`allowed ${type}: ${a.client} ${x}, ${b.client} ${y}`);
  }
  const [sharesA, sharesB] = [outcomeShares(a), outcomeShares(b)];
  for (const f of [...new Set([...sharesA.keys(), ...sharesB.keys()])].sort()) {
    const [x, y] = [sharesA.get(f), sharesB.get(f)];
    if (!x || !y) {
      out.push(`${f}: only ${x ? a.client : b.client} ran it (${(x ?? y)!.total} completions)`);
      continue;
    }
    for (const type of ['fail', 'info'] as const) {
      const [sx, sy] = [x[type] / x.total, y[type] / y.total];
      if (Math.abs(sx - sy) > OUTCOME_SHARE_THRESHOLD || (x[type] === 0) !== (y[type] === 0)) {
        out.push(`${f} ${type}: ${a.client} ${x[type]} of ${x.total} (${pct(sx)}), ${b.client} ${y[type]} of ${y.total} (${pct(sy)})`);
      }
    }
  }
  if ((a.resends === 0) !== (b.resends === 0)) out.push(`writes sent in more than one Produce request: ${a.client} ${a.resends}, ${b.client} ${b.resends}`);
  return out;
}

export function differentialSummary(a: DifferentialInput, b: DifferentialInput): DifferentialSummary {
  const sides: [ClientSide, ClientSide] = [clientSide(a), clientSide(b)];
  return { sides, differences: differencesBetween(sides[0], sides[1]) };
}

/** The summary as Markdown: the differences first, then the side-by-side tables. */
export function renderDifferential(summary: DifferentialSummary, title: string): string {
  const [a, b] = summary.sides;
  const row = (cells: Array<string | number>): string => `| ${cells.join(' | ')} |`;
  const table = (label: string, pick: (s: ClientSide) => Record<string, number>): string[] => {
    const keys = keysOf(pick(a), pick(b));
    if (keys.length === 0) return [];
    return ['', row([label, a.client, b.client]), row(['---', '---:', '---:']), ...keys.map((k) => row([k, pick(a)[k] ?? 0, pick(b)[k] ?? 0]))];
  };
  const lines = [
    `# ${title}`,
    '',
    row(['', a.client, b.client]),
    row(['---', '---', '---']),
    row(['library', a.library ?? '–', b.library ?? '–']),
    row(['verdict', verdictWord(a.verdict), verdictWord(b.verdict)]),
    ...keysOf(a.checkers, b.checkers).map((c) => row([`checker ${c}`, verdictWord(a.checkers[c] ?? 'unknown'), verdictWord(b.checkers[c] ?? 'unknown')])),
    row(['ops ok / fail / info', `${a.totals.ok} / ${a.totals.fail} / ${a.totals.info}`, `${b.totals.ok} / ${b.totals.fail} / ${b.totals.info}`]),
    row(['writes resent (more than one Produce request)', a.resends, b.resends]),
    ...(a.dir || b.dir ? [row(['run directory', a.dir ?? '–', b.dir ?? '–'])] : []),
    '',
    '## Differences',
    '',
    ...(summary.differences.length > 0 ? summary.differences.map((d) => `- ${d}`) : ['- none: same verdicts, anomaly classes and outcome mix']),
    '',
    '## Ops by function and outcome',
    ...table('op', (s) => s.ops),
    '',
    '## Anomalies by class',
    ...(keysOf(a.anomalies, b.anomalies).length + keysOf(a.allowed, b.allowed).length === 0 ? ['', 'none on either side'] : []),
    ...table('anomaly (invalidates)', (s) => s.anomalies),
    ...table("allowed by Kafka's model", (s) => s.allowed),
    '',
    '## Commonest errors',
    '',
    ...[a, b].flatMap((s) => [`${s.client}:`, ...(s.topErrors.length > 0 ? s.topErrors.map((e) => `- ${e.count} × ${e.error}`) : ['- none']), '']),
  ];
  return lines.join('\n');
}
