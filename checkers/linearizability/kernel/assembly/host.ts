// The host functions the kernel imports (kernel/index.ts provides them, as the module "host": AssemblyScript names
// the module of a declared function after its file): a HOST step the model computes in JavaScript, and `reserve`,
// which takes bytes from the check's memory budget before any of the kernel's arrays grows (false: it refuses).

export declare function hostStep(search: i32, state: i32, call: i32): i32;

export declare function reserve(bytes: f64): bool;
