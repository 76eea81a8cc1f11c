import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSelector } from './selectorParse.js';

type Clause =
  | { op: '=' | '==' | '!='; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | '!'; key: string }
  | { op: '>' | '<'; key: string; n: number };

const keyArb = fc.constantFrom('a', 'b', 'app', 'in', 'notin', 'example.com/tier');
const valueArb = fc.constantFrom('', 'v', 'w', 'in', 'notin', '1', '22', 'x.y_z-1');

const clauseArb: fc.Arbitrary<Clause> = fc.oneof(
  fc.record({ op: fc.constantFrom('=' as const, '==' as const, '!=' as const), key: keyArb, value: valueArb }),
  fc.record({
    op: fc.constantFrom('in' as const, 'notin' as const),
    key: keyArb,
    values: fc.array(valueArb, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ op: fc.constantFrom('exists' as const, '!' as const), key: keyArb }),
  fc.record({ op: fc.constantFrom('>' as const, '<' as const), key: keyArb, n: fc.integer({ min: 0, max: 30 }) }),
);

function render(c: Clause): string {
  switch (c.op) {
    case '=':
    case '==':
    case '!=':
      return `${c.key}${c.op}${c.value}`;
    case 'in':
    case 'notin':
      return `${c.key} ${c.op} (${c.values.join(', ')})`;
    case 'exists':
      return c.key;
    case '!':
      return `!${c.key}`;
    case '>':
    case '<':
      return `${c.key}${c.op}${c.n}`;
  }
}

/** The labels semantics, written out independently. */
function holds(c: Clause, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, c.key);
  const v = labels[c.key];
  switch (c.op) {
    case '=':
    case '==':
      return has && v === c.value;
    case '!=':
      return !has || v !== c.value;
    case 'in':
      return has && c.values.includes(v as string);
    case 'notin':
      return !has || !c.values.includes(v as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case '>':
    case '<': {
      if (!has || !/^[0-9]+$/.test(v as string)) return false;
      const n = Number(v);
      return c.op === '>' ? n > c.n : n < c.n;
    }
  }
}

const labelsArb = fc.dictionary(keyArb, valueArb, { maxKeys: 4 });

describe('label selector properties', () => {
  it('Parse agrees with the semantics, and String() parses back to an equivalent selector', () => {
    fc.assert(
      fc.property(
        fc.array(clauseArb, { maxLength: 5 }),
        fc.array(labelsArb, { minLength: 1, maxLength: 5 }),
        (clauses, labelSets) => {
          const selector = parseSelector(clauses.map(render).join(','));
          const reparsed = parseSelector(selector.toString());
          expect(reparsed.toString()).toBe(selector.toString());
          expect(reparsed.requirements).toEqual(selector.requirements);
          for (const labels of labelSets) {
            const want = clauses.every((c) => holds(c, labels));
            expect(selector.matches(labels)).toBe(want);
            expect(reparsed.matches(labels)).toBe(want);
          }
        },
      ),
    );
  });
});
