// The registry of models the checker knows, by name.
import type { Model, ModelFactory } from '../model.ts';
import { kvModels } from './kv.ts';
import { logModels } from './log.ts';
import { multiRegisterModels } from './multi-register.ts';
import { mutexModels } from './mutex.ts';
import { queueModels } from './queue.ts';
import { registerModels } from './register.ts';
import { setModels } from './set.ts';

const FACTORIES: Record<string, ModelFactory> = {
  ...registerModels,
  ...multiRegisterModels,
  ...setModels,
  ...queueModels,
  ...mutexModels,
  ...kvModels,
  ...logModels,
};

export const MODEL_NAMES: string[] = Object.keys(FACTORIES);

/** A fresh instance of model `name`; throws when the name is unknown. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the model's own state and op types are its business
export function createModel(name: string, initial?: unknown): Model<any, any, any> {
  const factory = FACTORIES[name];
  if (!factory) throw new Error(`unknown linearizability model '${name}' (known: ${MODEL_NAMES.join(', ')})`);
  return factory(initial);
}
