// Growable typed-array columns: compact append-only storage for the checker's per-op and per-record tables.

type NumericArray = Int32Array | Float64Array | Uint8Array;

export class Column<A extends NumericArray> {
  private data: A;
  private size = 0;

  constructor(
    private readonly allocate: (capacity: number) => A,
    initialCapacity = 1024,
  ) {
    this.data = allocate(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  /** Appends a value and returns its row. */
  push(value: number): number {
    if (this.size === this.data.length) {
      const bigger = this.allocate(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size] = value;
    return this.size++;
  }

  get(row: number): number {
    return this.data[row] as number;
  }

  set(row: number, value: number): void {
    this.data[row] = value;
  }

  /** The filled rows, sharing memory with the column (valid until the next push). */
  view(): A {
    return this.data.subarray(0, this.size) as A;
  }
}

export const int32Column = (capacity?: number) => new Column((n) => new Int32Array(n), capacity);
export const float64Column = (capacity?: number) => new Column((n) => new Float64Array(n), capacity);
export const uint8Column = (capacity?: number) => new Column((n) => new Uint8Array(n), capacity);
