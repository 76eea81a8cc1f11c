import type { SimEvent } from '@kubesim/core';

/**
 * What a kubectl command does: what it prints, or the error it exits 1 with (printed as
 * `error: <text>` on stderr), and the API writes it sends (for the simulation to schedule at
 * the step's time).
 */
export interface KubectlOutcome {
  readonly stdout: string;
  readonly error?: string;
  readonly writes: readonly SimEvent[];
}

export function printed(stdout: string, writes: readonly SimEvent[] = []): KubectlOutcome {
  return { stdout, writes };
}

export function failed(error: string): KubectlOutcome {
  return { stdout: '', error, writes: [] };
}
