import { createInvariants, INVARIANT_NAMES } from '@kubesim/scenarios';
import type { Io } from './io.js';

/**
 * `kubesim invariants [--json]`: the invariant library, each with the promise it checks and
 * the upstream code that promise rests on — what a scenario's `invariants:` may name.
 */
export function invariantsCommand(flags: { json?: boolean }, io: Io): number {
  const list = createInvariants(INVARIANT_NAMES).map((i) => ({ name: i.name, description: i.description, upstream: i.upstream }));
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...list.map((i) => i.name.length)) + 3;
  for (const i of list) {
    io.stdout.write(`${i.name.padEnd(width)}${i.description}\n${' '.repeat(width)}upstream: ${i.upstream}\n`);
  }
  return 0;
}
