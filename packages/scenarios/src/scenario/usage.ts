import { parseDuration, parseQuantity, type UsageProfile } from '@kubesim/core';
import { z } from 'zod';
import { DURATION_PATTERN, NON_NEGATIVE_QUANTITY_PATTERN } from './patterns.js';

/**
 * An image's `usage:` in a scenario file: what a running container of it uses, as Kubernetes
 * quantities (`5m`, `0.2m`, `64Mi`) — CPU baseline and per unit of load, memory baseline and per
 * unit, and a start-up burst — turned into core's UsageProfile (millicores, bytes).
 */
export interface UsageEntry {
  cpu?: string | number | undefined;
  cpuPerUnit?: string | number | undefined;
  memory?: string | number | undefined;
  memoryPerUnit?: string | number | undefined;
  startupBurst?: { cpu: string | number; for: string } | undefined;
}

const quantityOk = (v: string | number): boolean => {
  try {
    return parseQuantity(v).nanos >= 0n;
  } catch {
    return false;
  }
};
// The pattern and bound (.meta) are for the JSON Schema only: the loader's refine decides.
const Q = z
  .union([z.string().meta({ pattern: NON_NEGATIVE_QUANTITY_PATTERN }), z.number().meta({ minimum: 0 })])
  .refine(quantityOk, { error: 'expected a quantity of 0 or more (5m, 0.5, 64Mi)' });
const durationOk = (s: string): boolean => {
  try {
    parseDuration(s);
    return true;
  } catch {
    return false;
  }
};

export const UsageSchema: z.ZodType<UsageEntry> = z
  .strictObject({
    cpu: Q.optional().describe('CPU of a running container whatever the load (5m). Default 1m.'),
    cpuPerUnit: Q.optional().describe('Extra CPU per unit of load it serves (1m, 0.2m). Default 1m.'),
    memory: Q.optional().describe('Working set whatever the load (20Mi). Default 4Mi.'),
    memoryPerUnit: Q.optional().describe('Extra working set per unit of load (64Ki). Default 0.'),
    startupBurst: z
      .strictObject({
        cpu: Q,
        for: z.string().meta({ pattern: DURATION_PATTERN }).refine(durationOk, { error: 'not a duration (20s)' }),
      })
      .optional()
      .describe('Extra CPU for a while after each start (JIT warm-up, caches).'),
  })
  .describe('What a running container of the image uses; its share of a load adds to it.');

/** Millicores, fractions kept (`0.2m` per unit of load is 0.2). */
const millicores = (v: string | number): number => Number(parseQuantity(v).nanos) / 1e6;
const bytes = (v: string | number): number => Number(parseQuantity(v).nanos) / 1e9;

export function usageProfile(u: UsageEntry): UsageProfile {
  return {
    ...(u.cpu !== undefined ? { cpu: millicores(u.cpu) } : {}),
    ...(u.cpuPerUnit !== undefined ? { cpuPerUnit: millicores(u.cpuPerUnit) } : {}),
    ...(u.memory !== undefined ? { memory: bytes(u.memory) } : {}),
    ...(u.memoryPerUnit !== undefined ? { memoryPerUnit: bytes(u.memoryPerUnit) } : {}),
    ...(u.startupBurst !== undefined
      ? { startupBurst: { cpu: millicores(u.startupBurst.cpu), duration: parseDuration(u.startupBurst.for) } }
      : {}),
  };
}
