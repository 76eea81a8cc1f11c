import type { Millis } from '@kubesim/core';
import { parseCommand } from '../kubectl/kubectl.js';
import type { ExpectEntry } from '../scenario/schema.js';
import { type Compare, describeField, type FieldCheck, parseFieldExpression, parseObjectRef, pathProblem } from './field.js';
import type { Expectation } from './types.js';

/** The kubectl verbs an expectation may run: it looks, never writes. */
export const READ_ONLY_VERBS: ReadonlySet<string> = new Set(['get', 'describe', 'rollout', 'logs', 'top', 'events']);

const COMPARES: readonly Compare[] = ['equals', 'notEquals', 'atLeast', 'atMost', 'matches'];

/** An `expect` step as the loader reads it; a string (with the path of the field at fault) says what is wrong. */
export function expectationOf(
  at: Millis,
  within: Millis | undefined,
  entry: ExpectEntry,
  location: string | undefined,
): Expectation | { readonly path: readonly (string | number)[]; readonly problem: string } {
  const base = { at, ...(within !== undefined ? { within } : {}), ...(location !== undefined ? { location } : {}) };
  if (typeof entry === 'string') {
    const e = parseFieldExpression(entry);
    if (typeof e === 'string') return { path: [], problem: e };
    if (e.from !== undefined || e.until !== undefined)
      return { path: [], problem: 'from/until belong to invariants; an expect step has at and within' };
    return { ...base, check: { field: e.check }, text: describeField(e.check) };
  }
  if ('object' in entry) {
    const given = COMPARES.filter((c) => (entry as Record<string, unknown>)[c] !== undefined);
    if (given.length !== 1)
      return {
        path: [],
        problem: `give exactly one of ${COMPARES.join(', ')}${given.length > 1 ? `, not ${given.join(' and ')}` : ''}`,
      };
    const compare = given[0] as Compare;
    const ref = parseObjectRef(entry.object);
    if (typeof ref === 'string') return { path: ['object'], problem: ref };
    const bad = pathProblem(entry.path);
    if (bad !== undefined) return { path: ['path'], problem: bad };
    const value = (entry as Record<string, unknown>)[compare];
    if (compare === 'matches') {
      try {
        new RegExp(String(value));
      } catch (e) {
        return { path: ['matches'], problem: `not a regular expression (${(e as Error).message})` };
      }
    }
    const field: FieldCheck = { ...ref, path: entry.path, compare, value };
    return { ...base, check: { field }, text: describeField(field) };
  }
  const given = (['contains', 'matches', 'equals'] as const).filter((c) => entry[c] !== undefined);
  if (given.length !== 1)
    return {
      path: [],
      problem: `give exactly one of contains, matches, equals${given.length > 1 ? `, not ${given.join(' and ')}` : ''}`,
    };
  const how = given[0] as 'contains' | 'matches' | 'equals';
  const expected = entry[how] as string;
  let verb: string;
  try {
    verb = parseCommand(entry.kubectl).verb;
  } catch (e) {
    return { path: ['kubectl'], problem: (e as Error).message };
  }
  if (!READ_ONLY_VERBS.has(verb))
    return { path: ['kubectl'], problem: `an expectation only looks: ${[...READ_ONLY_VERBS].join(', ')}, not ${verb}` };
  if (how === 'matches') {
    try {
      new RegExp(expected);
    } catch (e) {
      return { path: ['matches'], problem: `not a regular expression (${(e as Error).message})` };
    }
  }
  const command = entry.kubectl.replace(/^kubectl\s+/, '');
  const shown = how === 'equals' ? 'equals the block given' : `${how} ${JSON.stringify(expected)}`;
  return {
    ...base,
    check: { kubectl: command, [how]: expected } as Expectation['check'],
    text: `kubectl ${command} ${shown}`,
  };
}
