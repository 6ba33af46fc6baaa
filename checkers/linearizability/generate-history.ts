// A seeded generator of client histories against an ideal (linearizable) object, for benchmarks and tests.
// Each client runs one operation at a time through three phases — invoke, take effect, complete — and every tick of
// the simulation advances one randomly chosen client by one phase, so operations overlap about as much as there are
// clients. The object's state changes only when an operation takes effect, which makes the history linearizable.
// With `crashRate`, an operation crashes instead: it takes effect or not (a coin flip) and completes as `info`; its
// process is then retired and the client goes on as a new process (process + clients), as in Jepsen.
// With `violation`, one ok read in the middle third of the history is changed to return a value that no operation
// ever wrote, so the history is certainly not linearizable.
// Models: `register` (read / write of small integers), `cas-register` (plus cas [from, to], failing when the
// register does not hold `from`), `kv` (get / put / append of short unique tokens on a few string keys).
import { Random } from '../../core/generator/random.ts';
import type { Op } from '../../core/history/op.ts';

export const GENERATED_MODELS = ['register', 'cas-register', 'kv'] as const;
export type GeneratedModel = (typeof GENERATED_MODELS)[number];

export interface HistoryShape {
  model: GeneratedModel;
  clients: number;
  /** Client operations (invocations) in the history. */
  ops: number;
  /** Probability that an operation crashes (ends `info`, may or may not have taken effect). */
  crashRate: number;
  /** Plant one read of a value nobody wrote. */
  violation: boolean;
  seed: number;
  /** Registers: values are drawn from [0, values). */
  values?: number;
  /** kv: number of keys. */
  keys?: number;
}

const DEFAULT_VALUES = 5;
const DEFAULT_KEYS = 10;
/** What the planted read returns: no write ever writes it. */
const PHANTOM_TEXT = 'phantom';

type RegisterState = number | null;

interface PlannedOp {
  f: string;
  invokeValue: unknown;
  /** Set when the op takes effect: what its ok completion returns, or 'fail' for a cas that did not apply. */
  result?: { type: 'ok' | 'fail'; value: unknown };
  crashed: boolean;
}

interface Client {
  process: number;
  phase: 'idle' | 'invoked' | 'applied';
  op?: PlannedOp;
}

/** The object under test: plans operations and applies them to its state. */
interface SimulatedObject {
  plan(rng: Random, client: number, serial: number): PlannedOp;
  apply(op: PlannedOp): void;
  /** The value of an ok read of `op` that no state ever held. */
  phantomRead(op: PlannedOp): unknown;
  isRead(f: string): boolean;
}

function simulatedRegister(withCas: boolean, values: number): SimulatedObject {
  let state: RegisterState = null;
  return {
    plan(rng) {
      const roll = rng.next();
      if (roll < 0.5) return { f: 'read', invokeValue: null, crashed: false };
      if (!withCas || roll < 0.75) return { f: 'write', invokeValue: rng.int(values), crashed: false };
      return { f: 'cas', invokeValue: [rng.int(values), rng.int(values)], crashed: false };
    },
    apply(op) {
      if (op.f === 'read') op.result = { type: 'ok', value: state };
      else if (op.f === 'write') {
        state = op.invokeValue as number;
        op.result = { type: 'ok', value: op.invokeValue };
      } else {
        const [from, to] = op.invokeValue as [number, number];
        if (state === from) {
          state = to;
          op.result = { type: 'ok', value: op.invokeValue };
        } else op.result = { type: 'fail', value: op.invokeValue };
      }
    },
    phantomRead: () => values,
    isRead: (f) => f === 'read',
  };
}

function simulatedKv(keys: number): SimulatedObject {
  const texts = new Map<string, string>();
  return {
    plan(rng, client, serial) {
      const key = `k${rng.int(keys)}`;
      const roll = rng.next();
      if (roll < 0.5) return { f: 'get', invokeValue: [key, null], crashed: false };
      // Tokens are unique, so a text tells which appends made it.
      return { f: roll < 0.75 ? 'put' : 'append', invokeValue: [key, `c${client}.${serial} `], crashed: false };
    },
    apply(op) {
      const [key, token] = op.invokeValue as [string, string | null];
      const current = texts.get(key) ?? '';
      if (op.f === 'get') op.result = { type: 'ok', value: [key, current] };
      else {
        texts.set(key, op.f === 'put' ? token! : current + token!);
        op.result = { type: 'ok', value: op.invokeValue };
      }
    },
    phantomRead: (op) => [(op.invokeValue as [string, unknown])[0], PHANTOM_TEXT],
    isRead: (f) => f === 'get',
  };
}

function simulatedObject(shape: HistoryShape): SimulatedObject {
  switch (shape.model) {
    case 'register':
      return simulatedRegister(false, shape.values ?? DEFAULT_VALUES);
    case 'cas-register':
      return simulatedRegister(true, shape.values ?? DEFAULT_VALUES);
    case 'kv':
      return simulatedKv(shape.keys ?? DEFAULT_KEYS);
  }
}

/** The history described by `shape`; the same shape (seed included) always gives the same history. */
export function generateHistory(shape: HistoryShape): Op[] {
  if (!GENERATED_MODELS.includes(shape.model)) throw new Error(`unknown model ${shape.model}`);
  if (!(shape.clients >= 1 && shape.ops >= 1)) throw new Error('clients and ops must be at least 1');
  const rng = new Random(shape.seed);
  const object = simulatedObject(shape);
  const ops: Op[] = [];
  const emit = (type: Op['type'], process: number, f: string, value: unknown): void => {
    ops.push({ index: ops.length, type, process, f, value, time: ops.length });
  };
  const clients: Client[] = Array.from({ length: shape.clients }, (_, i) => ({ process: i, phase: 'idle' }));
  let invoked = 0;
  let busy = 0;
  while (invoked < shape.ops || busy > 0) {
    const id = rng.int(shape.clients);
    const client = clients[id]!;
    if (client.phase === 'idle') {
      if (invoked === shape.ops) continue;
      client.op = object.plan(rng, id, invoked++);
      client.phase = 'invoked';
      busy++;
      emit('invoke', client.process, client.op.f, client.op.invokeValue);
    } else if (client.phase === 'invoked') {
      const op = client.op!;
      op.crashed = rng.next() < shape.crashRate;
      if (!op.crashed || rng.next() < 0.5) object.apply(op);
      client.phase = 'applied';
    } else {
      const op = client.op!;
      if (op.crashed) {
        emit('info', client.process, op.f, object.isRead(op.f) ? null : op.invokeValue);
        client.process += shape.clients;
      } else {
        emit(op.result!.type, client.process, op.f, op.result!.value);
      }
      client.phase = 'idle';
      busy--;
    }
  }
  if (shape.violation) plantViolation(ops, object, rng);
  return ops;
}

/** Makes one ok read in the middle third return a value no state ever held. */
function plantViolation(ops: Op[], object: SimulatedObject, rng: Random): void {
  const third = Math.floor(ops.length / 3);
  const reads = ops.filter((op, i) => i >= third && i < 2 * third && op.type === 'ok' && object.isRead(op.f));
  const candidates = reads.length > 0 ? reads : ops.filter((op) => op.type === 'ok' && object.isRead(op.f));
  if (candidates.length === 0) throw new Error('no ok read to plant a violation in: use more ops');
  const target = rng.pick(candidates);
  target.value = object.phantomRead({ f: target.f, invokeValue: target.value, crashed: false });
}

/** faultline's history.jsonl text for `ops`. */
export const toJsonl = (ops: readonly Op[]): string => ops.map((op) => JSON.stringify(op)).join('\n') + '\n';
