import { defaultControllers } from '@kubesim/controllers';
import { type ContainerSample, type KubeObject, type Pod, randomStream, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { type KubectlOutcome, kubectl } from '../src/index.js';

/**
 * kubectl top pod|node (pkg/cmd/top, v1.34) over the world's metrics. The metrics are written
 * directly (a MetricSample world event) with upstream's test data (top_pod_test.go's
 * testV1beta1PodMetricsData, top_test.go's testNodeV1beta1MetricsData), so the tables are exact.
 */

const MIB = 1024 * 1024;

function pod(name: string, namespace: string, containers: string[], labels?: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...(labels !== undefined ? { labels } : {}) },
    spec: { nodeName: 'node1', containers: containers.map((c) => ({ name: c, image: 'nginx:1.25' })) },
  };
}

const PODS: Record<string, ContainerSample[]> = {
  pod1: [
    ['container1-1', 1, 2 * MIB],
    ['container1-2', 4, 5 * MIB],
  ],
  pod2: [
    ['container2-1', 7, 8 * MIB],
    ['container2-2', 10, 11 * MIB],
    ['container2-3', 13, 14 * MIB],
  ],
  pod3: [['container3-1', 7, 8 * MIB]],
};

function cluster(opts: { metrics?: boolean; namespaces?: [string, string, string] } = {}): Simulation {
  const ns = opts.namespaces ?? ['testns', 'testns', 'testns'];
  const objects: KubeObject[] = [
    // Namespaces are real: each is created before the pods in it.
    ...[...new Set(ns)].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }) as KubeObject),
    pod('pod1', ns[0], ['container1-1', 'container1-2'], { key: 'value' }),
    pod('pod2', ns[1], ['container2-1', 'container2-2', 'container2-3'], { key: 'value' }),
    pod('pod3', ns[2], ['container3-1']),
  ];
  const sim = new Simulation({
    seed: 1,
    controllers: defaultControllers(),
    controlPlane: { profile: 'instant' },
    imageProfiles: [{ match: '*', profile: { pull: { kind: 'fixed', value: 1000 }, start: { kind: 'fixed', value: 500 } } }],
    nodes: [
      { name: 'node1', cpu: '10m', memory: '20Mi', labels: { key: 'value' } },
      { name: 'node2', cpu: '50m', memory: '60Mi' },
      { name: 'node3', cpu: '30m', memory: '40Mi' },
    ],
    objects,
  });
  if (opts.metrics !== false) {
    sim.at(
      10_000,
      {
        type: 'MetricSample',
        pods: Object.fromEntries(Object.entries(PODS).map(([name, cs], i) => [`${ns[i]}/${name}`, [60_000, cs]])),
        nodes: { node1: [60_000, 1, 2 * MIB], node2: [60_000, 5, 6 * MIB], node3: [60_000, 3, 4 * MIB] },
      },
      'world',
    );
  }
  sim.run('20s');
  return sim;
}

function kc(s: Simulation, line: string, namespace = 'testns'): KubectlOutcome {
  return kubectl(line, { view: s.view, now: s.now, namespace, readFile: () => [], random: randomStream(1, 'kubectl') });
}

describe('TestTopPod', () => {
  const s = cluster();

  it('all in namespace', () => {
    expect(kc(s, 'top pod').stdout).toBe(
      [
        'NAME   CPU(cores)   MEMORY(bytes)   ',
        'pod1   5m           7Mi             ',
        'pod2   30m          33Mi            ',
        'pod3   7m           8Mi             ',
        '',
      ].join('\n'),
    );
  });

  it('all namespaces', () => {
    const multi = cluster({ namespaces: ['testns', 'secondtestns', 'thirdtestns'] });
    expect(kc(multi, 'top pods -A').stdout).toBe(
      [
        'NAMESPACE      NAME   CPU(cores)   MEMORY(bytes)   ',
        'secondtestns   pod2   30m          33Mi            ',
        'testns         pod1   5m           7Mi             ',
        'thirdtestns    pod3   7m           8Mi             ',
        '',
      ].join('\n'),
    );
  });

  it('pod with name', () => {
    expect(kc(s, 'top po pod1').stdout).toBe('NAME   CPU(cores)   MEMORY(bytes)   \npod1   5m           7Mi             \n');
  });

  it('pod with label selector', () => {
    expect(
      kc(s, 'top pod -l key=value')
        .stdout.split('\n')
        .map((l) => l.split(' ')[0]),
    ).toEqual(['NAME', 'pod1', 'pod2', '']);
  });

  it.skip('pod with field selector (kubesim has no --field-selector)', () => {});

  it('pod with container metrics', () => {
    expect(kc(s, 'top pod pod1 --containers').stdout).toBe(
      [
        'POD    NAME           CPU(cores)   MEMORY(bytes)   ',
        'pod1   container1-1   1m           2Mi             ',
        'pod1   container1-2   4m           5Mi             ',
        '',
      ].join('\n'),
    );
  });

  const firstColumn = (out: string, col = 0): string[] =>
    out
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/)[col] as string);

  it('pod sort by cpu', () => {
    expect(firstColumn(kc(s, 'top pod --sort-by=cpu').stdout)).toEqual(['pod2', 'pod3', 'pod1']);
  });

  it('pod sort by memory', () => {
    expect(firstColumn(kc(s, 'top pod --sort-by memory').stdout)).toEqual(['pod2', 'pod3', 'pod1']);
  });

  const containerOrder = ['container2-3', 'container2-2', 'container2-1', 'container3-1', 'container1-2', 'container1-1'];
  it('container sort by cpu', () => {
    expect(firstColumn(kc(s, 'top pod --containers --sort-by=cpu').stdout, 1)).toEqual(containerOrder);
  });

  it('container sort by memory', () => {
    expect(firstColumn(kc(s, 'top pod --containers --sort-by=memory').stdout, 1)).toEqual(containerOrder);
  });

  it.skip('with swap (kubesim models no swap)', () => {});

  it('--sum adds a total line under the columns', () => {
    expect(kc(s, 'top pod --sum').stdout).toBe(
      [
        'NAME   CPU(cores)   MEMORY(bytes)   ',
        'pod1   5m           7Mi             ',
        'pod2   30m          33Mi            ',
        'pod3   7m           8Mi             ',
        '       ________     ________        ',
        '       42m          48Mi            ',
        '',
      ].join('\n'),
    );
  });
});

describe('TestTopPodNoResourcesFound', () => {
  const s = cluster();
  s.at(25_000, { type: 'MetricSample', gone: ['testns/pod1', 'testns/pod2', 'testns/pod3'] }, 'world');
  s.run('30s');
  it('all namespaces', () => {
    const out = kc(s, 'top pod -A', 'empty');
    expect(out.stderr).toBe('No resources found\n');
  });
  it('all in namespace', () => {
    expect(kc(s, 'top pod', 'empty')).toMatchObject({ stdout: '', stderr: 'No resources found in empty namespace.\n' });
    expect(kc(s, 'top pod', 'default').stderr).toBe('No resources found in default namespace.\n');
  });
});

describe('kubectl top pod: what metrics-server does not have', () => {
  it('without a metrics-server: Metrics API not available', () => {
    expect(kc(cluster({ metrics: false }), 'top pod').error).toBe('Metrics API not available');
    expect(kc(cluster({ metrics: false }), 'top node').error).toBe('Metrics API not available');
  });

  it('pods without metrics yet: metrics not available yet; past 2 minutes, the pod and its age', () => {
    const s = cluster();
    s.at(25_000, { type: 'MetricSample', gone: ['testns/pod1', 'testns/pod2', 'testns/pod3'] }, 'world');
    s.run('30s');
    expect(kc(s, 'top pod').error).toBe('metrics not available yet');
    s.run('3m');
    expect(kc(s, 'top pod').error).toBe('Metrics not available for pod testns/pod1, age: 3m0s');
    expect(kc(s, 'top pod pod1').error).toBe('Error from server (NotFound): podmetrics.metrics.k8s.io "testns/pod1" not found');
    expect(kc(s, 'top pod nope').error).toBe('Error from server (NotFound): pods "nope" not found');
  });

  it('refuses what kubectl refuses', () => {
    const s = cluster();
    expect(kc(s, 'top pod --sort-by=name').error).toBe('--sort-by accepts only cpu or memory');
    expect(kc(s, 'top pod pod1 -l key=value').error).toBe('only one of NAME or selector can be provided');
    expect(kc(s, 'top node node1 -l key=value').error).toBe('only one of NAME or --selector can be provided');
    expect(kc(s, 'top node --containers').error).toBe('unknown flag: --containers');
  });
});

describe('TestTopNode', () => {
  const s = cluster();

  it('TestTopNodeAllMetricsFrom', () => {
    expect(kc(s, 'top node').stdout).toBe(
      [
        'NAME    CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   ',
        'node1   1m           10%      2Mi             10%         ',
        'node2   5m           10%      6Mi             10%         ',
        'node3   3m           10%      4Mi             10%         ',
        '',
      ].join('\n'),
    );
  });

  it('TestTopNodeWithNameMetricsFrom', () => {
    expect(kc(s, 'top nodes node1').stdout).toBe(
      'NAME    CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \nnode1   1m           10%      2Mi             10%         \n',
    );
  });

  it('TestTopNodeWithLabelSelectorMetricsFrom', () => {
    expect(
      kc(s, 'top no -l key=value')
        .stdout.split('\n')
        .map((l) => l.split(' ')[0]),
    ).toEqual(['NAME', 'node1', '']);
  });

  it('TestTopNodeWithSortByCpuMetricsFrom', () => {
    const names = kc(s, 'top node --sort-by=cpu')
      .stdout.trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(' ')[0]);
    expect(names).toEqual(['node2', 'node3', 'node1']);
  });

  it('TestTopNodeWithSortByMemoryMetricsFrom', () => {
    const names = kc(s, 'top node --sort-by=memory')
      .stdout.trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(' ')[0]);
    expect(names).toEqual(['node2', 'node3', 'node1']);
  });

  it.skip('TestTopNodeWithSwap (kubesim models no swap)', () => {});

  it('a node without metrics prints <unknown>; none at all is metrics not available yet', () => {
    const partial = cluster();
    partial.at(25_000, { type: 'MetricSample', nodesGone: ['node2'] }, 'world');
    partial.run('30s');
    expect(kc(partial, 'top node').stdout).toBe(
      [
        'NAME    CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   ',
        'node1   1m           10%         2Mi             10%         ',
        'node3   3m           10%         4Mi             10%         ',
        'node2   <unknown>    <unknown>   <unknown>       <unknown>   ',
        '',
      ].join('\n'),
    );
    partial.at(31_000, { type: 'MetricSample', nodesGone: ['node1', 'node3'] }, 'world');
    partial.run('32s');
    expect(kc(partial, 'top node').error).toBe('metrics not available yet');
    expect(kc(partial, 'top node node1').error).toBe(
      'Error from server (NotFound): nodemetrics.metrics.k8s.io "node1" not found',
    );
  });
});
