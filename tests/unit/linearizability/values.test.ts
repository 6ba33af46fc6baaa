// The value interner: equal values (deep, whatever their spelling) share one id, numbers included.
import { describe, expect, it } from 'vitest';
import { ValueInterner } from '../../../checkers/linearizability/values.ts';

describe('ValueInterner', () => {
  it('gives nil id 0 and equal values one id, a number and the same bigint too', () => {
    const values = new ValueInterner();
    expect(values.id(null)).toBe(ValueInterner.NIL);
    expect(values.id(undefined)).toBe(ValueInterner.NIL);
    const five = values.id(5n);
    expect(values.id(5)).toBe(five);
    expect(values.id(5)).toBe(five);
    expect(values.id(-0)).toBe(values.id(0));
    expect(values.id({ a: 1, b: [2] })).toBe(values.id({ b: [2], a: 1 }));
  });

  it('keeps numbers and strings that print alike apart', () => {
    const values = new ValueInterner();
    const number = values.id(7);
    const text = values.id('7');
    expect(text).not.toBe(number);
    expect(values.id(7)).toBe(number);
    expect(values.value(number)).toBe(7);
    expect(values.render(text)).toBe('"7"');
  });
});
