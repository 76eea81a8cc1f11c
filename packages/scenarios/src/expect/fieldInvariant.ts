import { formatDuration } from '@kubesim/core';
import type { ScenarioInvariant } from '../invariants/types.js';
import { describeField, evaluateField, type FieldExpression, parseFieldExpression } from './field.js';

/**
 * A user-defined invariant over a field (`invariants: ["deployment/web
 * status.availableReplicas >= 2 from 30s"]`): checked after every event in its window that
 * changes the object (and at the window's first event), violated each time it stops holding.
 */
export function fieldInvariant(text: string): ScenarioInvariant {
  const parsed = parseFieldExpression(text);
  if (typeof parsed === 'string') throw new Error(`invariant ${JSON.stringify(text)}: ${parsed}`);
  const e: FieldExpression = parsed;
  const { check } = e;
  const key = `${check.namespace}/${check.name}`;
  let started = false;
  let holding = true;
  const window =
    e.from === undefined && e.until === undefined
      ? ''
      : ` ${e.from !== undefined ? `from ${formatDuration(e.from)}` : ''}${e.from !== undefined && e.until !== undefined ? ' ' : ''}${e.until !== undefined ? `until ${formatDuration(e.until)}` : ''}`;
  return {
    name: text,
    description: `Holds at every event${window}: ${describeField(check)} (a scenario's own invariant).`,
    upstream: "the scenario's own",
    check(ctx) {
      const t = ctx.entry.time;
      if ((e.from !== undefined && t < e.from) || (e.until !== undefined && t > e.until)) return undefined;
      const touched = ctx.changes.some((c) => c.kind === check.kind && (c.key === key || c.key === check.name));
      if (started && !touched) return undefined;
      started = true;
      const r = evaluateField(ctx.view, check);
      const was = holding;
      holding = r.ok;
      // Reported when it stops holding, not at every event while it does not.
      if (r.ok || !was) return undefined;
      return {
        message: `${describeField(check)} does not hold: ${r.actual}`,
        objects: [`${check.kind.toLowerCase()}/${check.name}`],
      };
    },
  };
}
