import { describe, expect, it } from 'vitest';
import { combinations, paramsRecord, parseParam, parseParams } from './params.js';
import { parseShard, runsOf, shardRuns } from './plan.js';
import { percentile } from './summary.js';

describe('parseParam', () => {
  it('reads a scenario path and YAML 1.1 scalars', () => {
    const p = parseParam('cluster.controlPlane.profile=upstream,instant');
    expect(p.target).toEqual({ in: 'scenario', path: ['cluster', 'controlPlane', 'profile'] });
    expect(p.values).toEqual(['upstream', 'instant']);
    expect(parseParam('cluster.nodes=3, 5,yes,null,25%').values).toEqual([3, 5, true, null, '25%']);
    // YAML 1.1, as kubectl reads manifests: y and on are booleans; quote to mean the string.
    expect(parseParam(`a=y,on,'y'`).values).toEqual([true, true, 'y']);
    expect(parseParam('steps[2].at=30s').target).toEqual({ in: 'scenario', path: ['steps', 2, 'at'] });
  });

  it('reads an object path: Kind/name:path and Kind/namespace/name:path', () => {
    expect(parseParam('Deployment/web:spec.strategy.rollingUpdate.maxSurge=0,1').target).toEqual({
      in: 'object',
      kind: 'Deployment',
      name: 'web',
      path: ['spec', 'strategy', 'rollingUpdate', 'maxSurge'],
    });
    expect(parseParam('Deployment/prod/web:metadata.labels[app.kubernetes.io/name]=a').target).toEqual({
      in: 'object',
      kind: 'Deployment',
      namespace: 'prod',
      name: 'web',
      path: ['metadata', 'labels', 'app.kubernetes.io/name'],
    });
  });

  it.each([
    ['cluster.nodes', 'expected PATH=VALUE'],
    ['=1', 'expected PATH=VALUE'],
    ['cluster.nodes=', 'no values: nothing to sweep'],
    ['cluster.nodes=1,,2', 'an empty value'],
    ['cluster.nodes=1,1', 'given twice'],
    ['cluster.nodes=[1]', 'not a scalar'],
    ['cluster..nodes=1', 'not a field path'],
    ['cluster.nodes[0=1', 'unbalanced'],
    ['Deployment:spec.replicas=1', 'expected Kind/name:path'],
    ['Deployment/a/b/c:spec.replicas=1', 'expected Kind/name:path'],
  ])('refuses %s, naming it', (text, why) => {
    expect(() => parseParam(text)).toThrow(`--param ${text}: `);
    expect(() => parseParam(text)).toThrow(why);
  });

  it('refuses the same path twice', () => {
    expect(() => parseParams(['cluster.nodes=1', 'cluster.nodes=2'])).toThrow('given twice');
  });
});

describe('the grid and its runs', () => {
  const params = parseParams(['a=1,2', 'b=p,q,r']);

  it('varies the first parameter slowest, values in the order given', () => {
    expect(combinations(params).map((c) => c.values)).toEqual([
      [1, 'p'],
      [1, 'q'],
      [1, 'r'],
      [2, 'p'],
      [2, 'q'],
      [2, 'r'],
    ]);
    expect(paramsRecord(params, combinations(params)[4] as never)).toEqual({ a: 2, b: 'q' });
    expect(combinations([])).toEqual([{ index: 0, values: [] }]);
  });

  it('numbers runs combination-major; seed j is <base>-<j> in every combination', () => {
    const runs = runsOf(params, 3, '42');
    expect(runs).toHaveLength(18);
    expect(runs.slice(0, 4).map((r) => [r.index, r.id, r.seed])).toEqual([
      [0, 'c0-s0', '42-0'],
      [1, 'c0-s1', '42-1'],
      [2, 'c0-s2', '42-2'],
      [3, 'c1-s0', '42-0'],
    ]);
  });

  it('shards deal every run to exactly one shard, round robin', () => {
    const runs = runsOf(params, 3, '42');
    const shards = [0, 1, 2, 3].map((i) => shardRuns(runs, { index: i, count: 4 }).map((r) => r.index));
    expect(shards[1]).toEqual([1, 5, 9, 13, 17]);
    expect(shards.flat().sort((a, b) => a - b)).toEqual(runs.map((r) => r.index));
  });

  it.each(['3/3', '-1/2', '1', '1/0', 'a/b', '0/2/1'])('refuses the shard %s', (text) => {
    expect(() => parseShard(text)).toThrow('--shard: expected I/N with 0 ≤ I < N');
  });
  it('reads a shard', () => expect(parseShard('2/5')).toEqual({ index: 2, count: 5 }));
});

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  it.each([
    [[1, 2, 3, 4], 50, 2],
    [hundred, 95, 95],
    [hundred, 5, 5],
    [[7], 5, 7],
    [[3, null, 1], 50, 1],
    [[null], 50, null],
  ])('%j p%i = %j', (values, p, want) => {
    expect(percentile(values as (number | null)[], p as number)).toBe(want);
  });
});
