import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, podRequests } from './resources.js';
import type { Container, PodSpec } from './types.js';

const MI = 1024 * 1024;
function c(requests?: Record<string, string>, limits?: Record<string, string>): Container {
  const resources = { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
  return { name: 'c', image: 'x', resources };
}
const spec = (containers: Container[], initContainers?: Container[]): PodSpec => ({
  containers,
  ...(initContainers ? { initContainers } : {}),
});

describe('podRequests (resourcehelper.PodRequests, scheduler non-zero figures)', () => {
  it('sums the containers, in millicores and bytes', () => {
    expect(podRequests(spec([c({ cpu: '250m', memory: '64Mi' }), c({ cpu: '0.5', memory: '1Gi' })]))).toEqual({
      milliCpu: 750,
      memory: 64 * MI + 1024 * MI,
      nonZeroMilliCpu: 750,
      nonZeroMemory: 64 * MI + 1024 * MI,
    });
  });
  it('takes the larger of that sum and the largest init container, per resource', () => {
    const r = podRequests(
      spec(
        [c({ cpu: '100m', memory: '100Mi' }), c({ cpu: '100m', memory: '100Mi' })],
        [c({ cpu: '500m', memory: '10Mi' }), c({ cpu: '50m', memory: '150Mi' })],
      ),
    );
    expect(r.milliCpu).toBe(500);
    expect(r.memory).toBe(200 * MI);
  });
  it('the 100m / 200Mi defaults apply only to a missing request', () => {
    expect(podRequests(spec([c()]))).toEqual({
      milliCpu: 0,
      memory: 0,
      nonZeroMilliCpu: DEFAULT_MILLI_CPU_REQUEST,
      nonZeroMemory: DEFAULT_MEMORY_REQUEST,
    });
    expect(DEFAULT_MILLI_CPU_REQUEST).toBe(100);
    expect(DEFAULT_MEMORY_REQUEST).toBe(200 * MI);
    // An explicit zero stays zero.
    expect(podRequests(spec([c({ cpu: '0', memory: '0' })]))).toEqual({
      milliCpu: 0,
      memory: 0,
      nonZeroMilliCpu: 0,
      nonZeroMemory: 0,
    });
    // One resource set, the other missing.
    expect(podRequests(spec([c({ cpu: '300m' })]))).toEqual({
      milliCpu: 300,
      memory: 0,
      nonZeroMilliCpu: 300,
      nonZeroMemory: 200 * MI,
    });
  });
  it('the defaults are per container, so two empty containers count twice', () => {
    expect(podRequests(spec([c(), c()])).nonZeroMilliCpu).toBe(200);
  });
  it('a limit stands in for a missing request, as pod defaulting makes it', () => {
    expect(podRequests(spec([c(undefined, { cpu: '2', memory: '1Gi' })]))).toMatchObject({
      milliCpu: 2000,
      memory: 1024 * MI,
      nonZeroMilliCpu: 2000,
    });
    expect(podRequests(spec([c({ cpu: '1' }, { cpu: '2' })])).milliCpu).toBe(1000);
  });
  it('rounds fractional millicores and bytes up', () => {
    expect(podRequests(spec([c({ cpu: '100u', memory: '0.5' })]))).toMatchObject({ milliCpu: 1, memory: 1 });
  });
  it('no containers requests nothing', () => {
    expect(podRequests(spec([]))).toEqual({ milliCpu: 0, memory: 0, nonZeroMilliCpu: 0, nonZeroMemory: 0 });
  });
});
