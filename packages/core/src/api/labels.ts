import { KubesimError } from '../errors.js';
import type { LabelSelector } from './types.js';

/**
 * Label selectors, as k8s.io/apimachinery/pkg/labels evaluates them: requirements ANDed;
 * `In` needs the key present with a listed value, `NotIn` is true when the key is absent;
 * a nil selector matches nothing and an empty one matches everything.
 */
export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

/** One requirement of a selector (labels.Requirement): a key, an operator and its values. */
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** Sorted, as labels.NewRequirement keeps them. */
  readonly values: readonly string[];
}

/** An object's labels (absent labels match as empty). */
export type Labels = Readonly<Record<string, string>> | undefined;

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** strconv.ParseInt(s, 10, 64): an optional sign and decimal digits, within int64; else undefined. */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const value = has ? (labels as Record<string, string>)[r.key] : undefined;
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(value as string);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(value as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has) return false;
      // strconv.ParseInt on both sides: a label value like "1.5" or "2abc" is not a number, so
      // the requirement does not match (Number.parseInt would read them as 1 and 2).
      const v = parseInt64(value as string);
      const bound = r.values.length === 1 ? parseInt64(r.values[0] as string) : undefined;
      if (v === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? v > bound : v < bound;
    }
  }
}

function requirementString(r: Requirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values[0]}`;
    case 'lt':
      return `${r.key}<${r.values[0]}`;
    default:
      return `${r.key}${r.operator}${r.values[0] ?? ''}`;
  }
}

/** A parsed label selector (labels.Selector): requirements that all must match. */
export class Selector {
  /** A selector that matches nothing (a nil *metav1.LabelSelector). */
  static readonly NOTHING: Selector = new Selector([], true);
  /** A selector that matches everything (an empty, non-nil selector). */
  static readonly EVERYTHING: Selector = new Selector([], false);

  readonly requirements: readonly Requirement[];
  private readonly matchesNothing: boolean;

  constructor(requirements: readonly Requirement[], matchesNothing = false) {
    // labels.internalSelector keeps its requirements sorted by key.
    this.requirements = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.matchesNothing = matchesNothing;
  }

  /** Whether the labels satisfy every requirement. */
  matches(labels: Labels): boolean {
    if (this.matchesNothing) return false;
    for (const r of this.requirements) if (!requirementMatches(r, labels)) return false;
    return true;
  }

  /** True for the selector that selects everything. */
  get isEmpty(): boolean {
    return !this.matchesNothing && this.requirements.length === 0;
  }

  /** The form kubectl prints (`app=nginx,tier in (a,b)`); `<none>` is the printer's business. */
  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
}

function req(key: string, operator: Operator, values: readonly string[]): Requirement {
  return { key, operator, values: [...values].sort() };
}

/** An equality-only selector from a map (ReplicationController's spec.selector, Service's). */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined): Selector {
  if (set === undefined) return Selector.EVERYTHING;
  return new Selector(Object.entries(set).map(([k, v]) => req(k, '=', [v])));
}

/**
 * Like selectorFromSet, but an absent or empty map selects nothing: a Service or RC without a
 * selector selects no pods (labels.SelectorFromValidatedSet on an empty map is everything,
 * which callers avoid by checking for emptiness first; this does it for them).
 */
export function selectorFromSetOrNothing(set: Readonly<Record<string, string>> | undefined): Selector {
  if (set === undefined || Object.keys(set).length === 0) return Selector.NOTHING;
  return selectorFromSet(set);
}

const OPERATORS: Readonly<Record<string, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * metav1.LabelSelectorAsSelector: matchLabels and matchExpressions to a Selector. A nil
 * selector matches nothing; an empty one matches everything. Throws E_SELECTOR with the
 * upstream text for an invalid requirement.
 */
export function labelSelectorAsSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls === null || ls === undefined) return Selector.NOTHING;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) reqs.push(req(k, '=', [v]));
  for (const e of ls.matchExpressions ?? []) {
    const op = OPERATORS[e.operator];
    if (op === undefined) throw new KubesimError('E_SELECTOR', `"${e.operator}" is not a valid label selector operator`);
    const values = e.values ?? [];
    if ((op === 'in' || op === 'notin') && values.length === 0) {
      throw new KubesimError('E_SELECTOR', "for 'in', 'notin' operators, values set can't be empty");
    }
    if ((op === 'exists' || op === '!') && values.length > 0) {
      throw new KubesimError('E_SELECTOR', 'values set must be empty for exists and does not exist');
    }
    reqs.push(req(e.key, op, values));
  }
  return new Selector(reqs);
}

/** Whether every label of `subset` is present in `labels` with the same value. */
export function labelsContain(labels: Labels, subset: Labels): boolean {
  if (subset === undefined) return true;
  for (const [k, v] of Object.entries(subset)) if (labels?.[k] !== v) return false;
  return true;
}
