import { defaultControllers } from '@kubesim/controllers';
import { type KubeObject, randomStream, Simulation, type Taint } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { type KubectlOutcome, kubectl, runScenario, scenario } from '../src/index.js';
import { parseTaints, reorganizeTaints } from '../src/kubectl/taint.js';

/** kubectl v1.34's pkg/cmd/taint tests (taint_test.go, utils_test.go), ported under their names. */

function withTaints(taints: Taint[]): Simulation {
  const sim = new Simulation({ seed: 1, controllers: defaultControllers(), nodes: ['node-name'] });
  sim.run('1s');
  if (taints.length > 0) {
    sim.patch({ kind: 'Node', name: 'node-name' }, { spec: { taints } }, 'merge');
    sim.run('2s');
  }
  return sim;
}

function kc(sim: Simulation, line: string): KubectlOutcome {
  return kubectl(line, { view: sim.view, now: sim.now, readFile: () => [], random: randomStream(1, 'kubectl') });
}

/** Sends the command's writes and returns the node's taints after them (the node controller's own aside). */
function taintsAfter(sim: Simulation, o: KubectlOutcome): Taint[] {
  for (const w of o.writes) {
    const event = w.event;
    if (event.type !== 'Patch') throw new Error(`unexpected write ${event.type}`);
    sim.patch(event.ref, event.patch as Record<string, unknown>, 'strategic');
  }
  sim.run(`${sim.now + 1}ms`);
  return (sim.get('Node', 'node-name')?.spec.taints ?? []).filter((t) => !t.key.startsWith('node.kubernetes.io/'));
}

describe('TestTaint', () => {
  const cases: { description: string; oldTaints?: Taint[]; newTaints?: Taint[]; args: string; expectFatal: boolean }[] = [
    {
      description: 'taints a node with effect NoSchedule',
      newTaints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
      args: 'node node-name foo=bar:NoSchedule',
      expectFatal: false,
    },
    {
      description: 'taints a node with effect PreferNoSchedule',
      newTaints: [{ key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }],
      args: 'node node-name foo=bar:PreferNoSchedule',
      expectFatal: false,
    },
    {
      description: 'update an existing taint on the node, change the value from bar to barz',
      oldTaints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
      newTaints: [{ key: 'foo', value: 'barz', effect: 'NoSchedule' }],
      args: 'node node-name foo=barz:NoSchedule --overwrite',
      expectFatal: false,
    },
    {
      description: 'taints a node with two taints',
      newTaints: [
        { key: 'dedicated', value: 'namespaceA', effect: 'NoSchedule' },
        { key: 'foo', value: 'bar', effect: 'PreferNoSchedule' },
      ],
      args: 'node node-name dedicated=namespaceA:NoSchedule foo=bar:PreferNoSchedule',
      expectFatal: false,
    },
    {
      description:
        'node has two taints with the same key but different effect, remove one of them by indicating exact key and effect',
      oldTaints: [
        { key: 'dedicated', value: 'namespaceA', effect: 'NoSchedule' },
        { key: 'dedicated', value: 'namespaceA', effect: 'PreferNoSchedule' },
      ],
      newTaints: [{ key: 'dedicated', value: 'namespaceA', effect: 'PreferNoSchedule' }],
      args: 'node node-name dedicated:NoSchedule-',
      expectFatal: false,
    },
    {
      description: 'node has two taints with the same key but different effect, remove all of them with wildcard',
      oldTaints: [
        { key: 'dedicated', value: 'namespaceA', effect: 'NoSchedule' },
        { key: 'dedicated', value: 'namespaceA', effect: 'PreferNoSchedule' },
      ],
      newTaints: [],
      args: 'node node-name dedicated-',
      expectFatal: false,
    },
    {
      description: 'node has two taints, update one of them and remove the other',
      oldTaints: [
        { key: 'dedicated', value: 'namespaceA', effect: 'NoSchedule' },
        { key: 'foo', value: 'bar', effect: 'PreferNoSchedule' },
      ],
      newTaints: [{ key: 'foo', value: 'barz', effect: 'PreferNoSchedule' }],
      args: 'node node-name dedicated:NoSchedule- foo=barz:PreferNoSchedule --overwrite',
      expectFatal: false,
    },
    { description: 'invalid taint key', args: 'node node-name nospecialchars^@=banana:NoSchedule', expectFatal: true },
    { description: 'invalid taint effect', args: 'node node-name foo=bar:NoExcute', expectFatal: true },
    {
      description: 'duplicated taints with the same key and effect should be rejected',
      args: 'node node-name foo=bar:NoExcute foo=barz:NoExcute',
      expectFatal: true,
    },
    {
      description: 'add and remove taint with same key and effect should be rejected',
      args: 'node node-name foo=:NoExcute foo=:NoExcute-',
      expectFatal: true,
    },
    {
      description: "can't update existing taint on the node, since 'overwrite' flag is not set",
      oldTaints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
      newTaints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
      args: 'node node-name foo=bar:NoSchedule',
      expectFatal: true,
    },
  ];
  for (const c of cases) {
    it(c.description, () => {
      const sim = withTaints(c.oldTaints ?? []);
      const o = kc(sim, `taint ${c.args}`);
      if (c.expectFatal) {
        expect(o.error).toBeDefined();
        expect(o.writes).toEqual([]);
        return;
      }
      expect(o.error).toBeUndefined();
      expect(taintsAfter(sim, o)).toEqual(c.newTaints);
    });
  }
});

describe('TestValidateFlags', () => {
  const sim = withTaints([]);
  const cases: [description: string, args: string, expectFatal: boolean][] = [
    ['With Selector and without All flag', 'node -l myLabel=X foo=bar:NoSchedule', false],
    ['Without selector and All flag', 'node --all foo=bar:NoSchedule', false],
    ['With Selector and with All flag', 'node -l myLabel=X --all foo=bar:NoSchedule', true],
    ['Without Selector and All flags and if node name is not provided', 'node foo=bar:NoSchedule', true],
    ['Without Selector and ALL flags and if node name is provided', 'node node-name foo=bar:NoSchedule', false],
  ];
  for (const [description, args, expectFatal] of cases) {
    it(description, () => expect(kc(sim, `taint ${args}`).error !== undefined).toBe(expectFatal));
  }
});

describe('TestReorganizeTaints', () => {
  const node: Taint[] = [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }];
  const cases = [
    { name: 'no changes with overwrite is true', overwrite: true, add: [], del: [], taints: node, op: 'modified', err: false },
    { name: 'no changes with overwrite is false', overwrite: false, add: [], del: [], taints: node, op: 'untainted', err: false },
    {
      name: 'add new taint',
      overwrite: false,
      add: [{ key: 'foo_1', effect: 'NoExecute' }],
      del: [],
      taints: [{ key: 'foo_1', effect: 'NoExecute' }, ...node],
      op: 'tainted',
      err: false,
    },
    {
      name: 'delete taint with effect',
      overwrite: false,
      add: [],
      del: [{ key: 'foo', effect: 'NoSchedule' }],
      taints: [],
      op: 'untainted',
      err: false,
    },
    {
      name: 'delete taint with no effect',
      overwrite: false,
      add: [],
      del: [{ key: 'foo' }],
      taints: [],
      op: 'untainted',
      err: false,
    },
    {
      name: 'delete non-exist taint',
      overwrite: false,
      add: [],
      del: [{ key: 'foo_1', effect: 'NoSchedule' }],
      taints: node,
      op: 'untainted',
      err: true,
    },
    {
      name: 'add new taint and delete old one',
      overwrite: false,
      add: [{ key: 'foo_1', effect: 'NoSchedule' }],
      del: [{ key: 'foo', effect: 'NoSchedule' }],
      taints: [{ key: 'foo_1', effect: 'NoSchedule' }],
      op: 'modified',
      err: false,
    },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      const r = reorganizeTaints(node, c.overwrite, c.add as unknown as Taint[], c.del);
      expect(r.errors.length > 0).toBe(c.err);
      expect(r.taints).toEqual(c.taints);
      expect(r.operation).toBe(c.op);
    });
  }
});

describe('TestParseTaints', () => {
  for (const spec of [[''], ['foo=abc'], ['foo=abc=xyz:NoSchedule'], ['foo=abc:xyz:NoSchedule'], ['foo']]) {
    it(`invalid spec format: ${JSON.stringify(spec)}`, () => expect(() => parseTaints(spec)).toThrow());
  }
  it('invalid spec effect for adding taint', () => expect(() => parseTaints(['foo=abc:invalid_effect'])).toThrow());
  it('invalid spec effect for deleting taint', () => expect(() => parseTaints(['foo:invalid_effect-'])).toThrow());
  const added = [
    { key: 'foo', value: 'abc', effect: 'NoSchedule' },
    { key: 'bar', value: 'abc', effect: 'NoSchedule' },
    { key: 'baz', effect: 'NoSchedule' },
    { key: 'qux', effect: 'NoSchedule' },
    { key: 'foobar', effect: 'NoSchedule' },
  ];
  it('add new taints', () => {
    expect(
      parseTaints(['foo=abc:NoSchedule', 'bar=abc:NoSchedule', 'baz:NoSchedule', 'qux:NoSchedule', 'foobar=:NoSchedule']),
    ).toEqual({
      add: added,
      remove: [],
    });
  });
  it('delete taints', () => {
    expect(parseTaints(['foo:NoSchedule-', 'bar:NoSchedule-', 'qux=:NoSchedule-', 'dedicated-'])).toEqual({
      add: [],
      remove: [
        { key: 'foo', effect: 'NoSchedule' },
        { key: 'bar', effect: 'NoSchedule' },
        { key: 'qux', effect: 'NoSchedule' },
        { key: 'dedicated' },
      ],
    });
  });
  it('add taints and delete taints', () => {
    const spec = ['foo=abc:NoSchedule', 'bar=abc:NoSchedule', 'baz:NoSchedule', 'qux:NoSchedule', 'foobar=:NoSchedule'];
    expect(parseTaints([...spec, 'foo:NoSchedule-', 'bar:NoSchedule-', 'baz=:NoSchedule-'])).toEqual({
      add: added,
      remove: [
        { key: 'foo', effect: 'NoSchedule' },
        { key: 'bar', effect: 'NoSchedule' },
        { key: 'baz', effect: 'NoSchedule' },
      ],
    });
  });
});

describe('kubectl taint in a scenario', () => {
  it("prints kubectl's lines and errors, and a NoSchedule taint keeps new pods off the node", () => {
    const pod = (name: string): KubeObject =>
      ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      }) as KubeObject;
    const r = runScenario(
      scenario('taint')
        .seed(1)
        .nodes(2)
        .until('30s')
        .manifest('pods.yaml', pod('a'), pod('b'), pod('c'))
        .kubectl('1s', 'taint nodes node-1 dedicated=infra:NoSchedule')
        .kubectl('1s', 'taint nodes node-1 dedicated=infra:NoSchedule')
        .kubectl('1s', 'taint nodes node-9 a=b:NoSchedule')
        .kubectl('1s', 'taint pods web a=b:NoSchedule')
        .kubectl('1s', 'taint nodes node-1 nope:NoSchedule-')
        .kubectl('2s', 'apply -f pods.yaml')
        .kubectl('20s', 'taint nodes node-1 dedicated-')
        .build(),
    );
    expect(r.steps.map((s) => s.stdout + s.stderr)).toEqual([
      'node/node-1 tainted\n',
      'error: node node-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n',
      'Error from server (NotFound): nodes "node-9" not found\n',
      'error: invalid resource type pods, only node types are supported\n',
      'error: taint "nope:NoSchedule" not found\n',
      'pod/a created\npod/b created\npod/c created\n',
      'node/node-1 untainted\n',
    ]);
    expect(r.view.list('Pod').map((p) => p.spec.nodeName)).toEqual(['node-2', 'node-2', 'node-2']);
  });

  it('visits every node and reports every failure, as the builder with ContinueOnError does', () => {
    const r = runScenario(
      scenario('taint-errors')
        .seed(1)
        .nodes(2)
        .until('5s')
        .kubectl('1s', 'taint nodes node-1 node-9 node-2 x=y:NoSchedule')
        .kubectl('2s', 'taint nodes node-8 node-9 a=b:NoSchedule')
        .kubectl('3s', 'taint nodes node-1 p- q-')
        .kubectl('4s', 'taint nodes node-1 node-2 x=y:NoSchedule z-')
        .build(),
    );
    expect(r.steps.map((s) => [s.stdout, s.stderr])).toEqual([
      ['node/node-1 tainted\nnode/node-2 tainted\n', 'Error from server (NotFound): nodes "node-9" not found\n'],
      ['', 'Error from server (NotFound): nodes "node-8" not found\nError from server (NotFound): nodes "node-9" not found\n'],
      ['', 'taint "p" not found\ntaint "q" not found\n'],
      [
        '',
        'node node-1 already has x taint(s) with same effect(s) and --overwrite is false\nnode node-2 already has x taint(s) with same effect(s) and --overwrite is false\n',
      ],
    ]);
    expect(r.view.get('Node', undefined, 'node-1')?.spec.taints?.map((t) => t.key)).toEqual(['x']);
  });
});
