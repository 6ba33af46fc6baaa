// Which optional calls (unknown outcome) a configuration has placed, as a sorted multiset of their classes of
// interchangeable calls (search.ts places the members of a class in order, so the count per class says which ones).
// A configuration that placed fewer optional calls — a sub-multiset — with the same required calls and the same
// state can do everything this one can: if it failed, this one fails too. The memo uses `includes` for that.

export class UsedOptionals {
  /** Class ids, ascending, with repetition; the first `count` are meaningful. */
  classes = new Int32Array(16);
  count = 0;

  add(cls: number): void {
    if (this.count === this.classes.length) {
      const grown = new Int32Array(this.classes.length * 2);
      grown.set(this.classes);
      this.classes = grown;
    }
    const { classes } = this;
    let at = this.count;
    while (at > 0 && classes[at - 1]! > cls) {
      classes[at] = classes[at - 1]!;
      at--;
    }
    classes[at] = cls;
    this.count++;
  }

  /** Removes one occurrence of `cls`, which must be there. */
  remove(cls: number): void {
    const { classes } = this;
    let at = this.count - 1;
    while (classes[at] !== cls) at--;
    classes.copyWithin(at, at + 1, this.count);
    this.count--;
  }

  /** true when the multiset stored in pool[from, from + count) equals this one. */
  equals(pool: Int32Array, from: number, count: number): boolean {
    if (count !== this.count) return false;
    for (let i = 0; i < count; i++) if (pool[from + i] !== this.classes[i]) return false;
    return true;
  }

  /** true when the multiset stored in pool[from, from + count) is contained in this one. */
  includes(pool: Int32Array, from: number, count: number): boolean {
    if (count > this.count) return false;
    const { classes } = this;
    let mine = 0;
    for (let i = 0; i < count; i++) {
      const cls = pool[from + i]!;
      while (mine < this.count && classes[mine]! < cls) mine++;
      if (mine === this.count || classes[mine] !== cls) return false;
      mine++;
    }
    return true;
  }
}
