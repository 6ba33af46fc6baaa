// P-compositionality: splits prepared calls into independent sub-histories. Calls whose key sets overlap are joined
// (union-find), so a multi-key transaction keeps every key it touches in one partition; this is sound by the
// locality of linearizability (each partition is one object whose state is the product of its keys).

export interface Partition<T> {
  /** The keys of this partition, sorted; empty when the model is not partitioned. */
  keys: string[];
  items: T[];
}

/** Groups items by connected key sets. `keysOf` undefined → one partition holding everything. */
export function partitionByKeys<T>(items: readonly T[], keysOf: ((item: T) => readonly string[]) | undefined): Partition<T>[] {
  if (!keysOf) return [{ keys: [], items: [...items] }];
  // Most models touch one key per call: then the partitions are simply the keys, found in one pass.
  return groupByKey(items, keysOf) ?? groupByConnectedKeys(items, keysOf);
}

/** Partitions by connected key sets, for items touching any number of keys. */
function groupByConnectedKeys<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): Partition<T>[] {
  const itemKeys = items.map(keysOf);
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let k = key; k !== root;) {
      const up = parent.get(k)!;
      parent.set(k, root);
      k = up;
    }
    return root;
  };
  for (const keys of itemKeys) {
    for (const key of keys) if (!parent.has(key)) parent.set(key, key);
    for (let i = 1; i < keys.length; i++) {
      const a = find(keys[0]!);
      const b = find(keys[i]!);
      if (a !== b) parent.set(b, a);
    }
  }
  const groups = new Map<string, Partition<T>>();
  const keysOfGroup = new Map<string, Set<string>>();
  items.forEach((item, i) => {
    const keys = itemKeys[i]!;
    // A call touching no key constrains nothing else; it gets a partition of its own.
    const root = keys.length === 0 ? `\u0000${i}` : find(keys[0]!);
    let group = groups.get(root);
    if (!group) {
      group = { keys: [], items: [] };
      groups.set(root, group);
      keysOfGroup.set(root, new Set());
    }
    group.items.push(item);
    for (const key of keys) keysOfGroup.get(root)!.add(key);
  });
  for (const [root, group] of groups) group.keys = [...keysOfGroup.get(root)!].sort();
  return [...groups.values()];
}

/** The partitions when every item touches exactly one key; undefined as soon as one does not. */
function groupByKey<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): Partition<T>[] | undefined {
  const groups = new Map<string, Partition<T>>();
  for (let i = 0; i < items.length; i++) {
    const keys = keysOf(items[i]!);
    if (keys.length !== 1) return undefined;
    const key = keys[0]!;
    let group = groups.get(key);
    if (!group) {
      group = { keys: [key], items: [] };
      groups.set(key, group);
    }
    group.items.push(items[i]!);
  }
  return [...groups.values()];
}
