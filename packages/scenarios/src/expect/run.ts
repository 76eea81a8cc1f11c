import { type ClusterView, formatDuration, type Millis, randomStream } from '@kubesim/core';
import { kubectl } from '../kubectl/kubectl.js';
import { errorLine } from '../kubectl/outcome.js';
import { evaluateField } from './field.js';
import type { Expectation, ExpectationResult } from './types.js';

/** What an expectation sees: the state now, and kubectl over it. */
export interface ExpectationContext {
  readonly view: () => ClusterView;
  readonly now: () => Millis;
  readonly namespace: string;
  readonly seed: string;
}

/** A read-only command's output as it would print: stdout, then its error line. */
function commandOutput(command: string, ctx: ExpectationContext, random: ReturnType<typeof randomStream>): string {
  // rollout status as a one-off look, not a watch (replay does the same).
  const line = /^rollout\s+status\b/.test(command) && !/--watch/.test(command) ? `${command} --watch=false` : command;
  const outcome = kubectl(line, {
    view: ctx.view(),
    now: ctx.now(),
    namespace: ctx.namespace,
    readFile: () => {
      throw new Error('an expectation reads no manifests');
    },
    random,
  });
  const error = outcome.error === undefined ? '' : `${outcome.errorVerbatim ? outcome.error : errorLine(outcome.error)}\n`;
  return `${outcome.stdout}${outcome.stderr ?? ''}${error}`;
}

/** Whether an expectation holds now, and what it saw. */
function evaluate(
  e: Expectation,
  ctx: ExpectationContext,
  random: ReturnType<typeof randomStream>,
): { ok: boolean; actual: string } {
  const c = e.check;
  if ('field' in c) return evaluateField(ctx.view(), c.field);
  const out = commandOutput(c.kubectl, ctx, random);
  const ok =
    'contains' in c ? out.includes(c.contains) : 'matches' in c ? new RegExp(c.matches, 'm').test(out) : out === c.equals;
  return { ok, actual: out };
}

/**
 * The `expect` steps of a run: each looks at `at` (after the steps of that instant); one with
 * `within` keeps looking after every event until it holds or its time is up.
 */
export class ExpectationRunner {
  private readonly results = new Map<Expectation, ExpectationResult>();
  private readonly pending = new Set<Expectation>();
  /** Its own stream: looking draws nothing from the run's. */
  private readonly random: ReturnType<typeof randomStream>;

  constructor(
    private readonly expectations: readonly Expectation[],
    private readonly ctx: ExpectationContext,
    private readonly onResult: (r: ExpectationResult) => void,
  ) {
    this.random = randomStream(ctx.seed, 'expect');
  }

  private decide(e: Expectation, passed: boolean, actual: string): void {
    this.pending.delete(e);
    const r: ExpectationResult = {
      at: e.at,
      ...(e.within !== undefined ? { within: e.within } : {}),
      expectation: e.text,
      ...(e.location !== undefined ? { location: e.location } : {}),
      passed,
      time: this.ctx.now(),
      actual,
    };
    this.results.set(e, r);
    this.onResult(r);
  }

  /** The expectation's instant has come. */
  start(e: Expectation): void {
    const r = evaluate(e, this.ctx, this.random);
    if (r.ok || e.within === undefined) this.decide(e, r.ok, r.actual);
    else this.pending.add(e);
  }

  /** After an event: the waiting ones look again. */
  observe(): void {
    for (const e of [...this.pending]) {
      const r = evaluate(e, this.ctx, this.random);
      if (r.ok) this.decide(e, true, r.actual);
    }
  }

  /** Its `within` is up: still waiting means it failed. */
  deadline(e: Expectation): void {
    if (!this.pending.has(e)) return;
    this.decide(e, false, evaluate(e, this.ctx, this.random).actual);
  }

  get waiting(): boolean {
    return this.pending.size > 0;
  }

  /** In the scenario's order; those the run never reached (it stopped early) fail. */
  list(): ExpectationResult[] {
    return this.expectations.map(
      (e) =>
        this.results.get(e) ?? {
          at: e.at,
          ...(e.within !== undefined ? { within: e.within } : {}),
          expectation: e.text,
          ...(e.location !== undefined ? { location: e.location } : {}),
          passed: false,
          time: this.ctx.now(),
          actual: `the run ended at ${formatDuration(this.ctx.now())} before it was decided`,
        },
    );
  }
}

/** How a result reads in the report and the timeline. */
export function describeResult(r: ExpectationResult): string {
  const when =
    r.within === undefined ? `at ${formatDuration(r.at)}` : `within ${formatDuration(r.within)} of ${formatDuration(r.at)}`;
  if (r.passed) return `expect ${r.expectation} (${when}): passed at ${formatDuration(r.time)}`;
  const actual = r.actual.includes('\n') ? `\n${r.actual.replace(/\n$/, '')}` : ` ${r.actual}`;
  return `expect ${r.expectation} (${when}): failed at ${formatDuration(r.time)}; actual:${actual}`;
}
