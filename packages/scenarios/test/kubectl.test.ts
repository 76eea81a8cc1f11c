import { defaultControllers } from '@kubesim/controllers';
import { type Deployment, type KubeObject, randomStream, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { errorLine, type KubectlOutcome, kubectl, runScenario, scenario, tokenize } from '../src/index.js';

const FIXED = { match: '*', profile: { pull: { kind: 'fixed', value: 1000 }, start: { kind: 'fixed', value: 500 } } } as const;

function web(replicas = 2, name = 'web'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    },
  } as KubeObject;
}

function cluster(...objects: KubeObject[]): Simulation {
  const sim = new Simulation({
    seed: 1,
    controllers: defaultControllers(),
    imageProfiles: [FIXED],
    nodes: ['node-1', 'node-2'],
    objects,
  });
  sim.run('30s');
  return sim;
}

function kc(sim: Simulation, line: string): KubectlOutcome {
  return kubectl(line, { view: sim.view, now: sim.now, readFile: () => [], random: randomStream(1, 'kubectl') });
}

/** What the command prints if every write is accepted. */
function text(o: KubectlOutcome): string {
  return o.stdout + o.writes.map((w) => w.printed).join('');
}

describe('kubectl get', () => {
  const sim = cluster(web());

  it('prints one table per type, with kind-qualified names, when asked for several', () => {
    const out = kc(sim, 'get deploy,rs').stdout;
    const [deployments, sets] = out.split('\n\n');
    expect(deployments).toBe(
      'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment.apps/web   2/2     2            2           30s',
    );
    expect(sets).toMatch(/^NAME +DESIRED +CURRENT +READY +AGE\nreplicaset\.apps\/web-\w+ +2 +2 +2 +29s\n$/);
  });

  it('`all` lists pods, then deployments, then replica sets', () => {
    const kinds = kc(sim, 'get all')
      .stdout.split('\n')
      .filter((l) => l.includes('/'))
      .map((l) => l.split('/')[0]);
    expect([...new Set(kinds)]).toEqual(['pod', 'deployment.apps', 'replicaset.apps']);
  });

  it('-o name, -l, and -o yaml for one object (a List for several)', () => {
    expect(kc(sim, 'get pods -l app=web -o name').stdout).toMatch(/^pod\/web-\w+-\w+\npod\/web-\w+-\w+\n$/);
    expect(kc(sim, 'get pods -l app=other').stderr).toBe('No resources found in default namespace.\n');
    // Only tables say so; a cluster-scoped kind names no namespace.
    const byName = kc(sim, 'get pods -l app=other -o name');
    expect([byName.stdout, byName.stderr]).toEqual(['', undefined]);
    expect(kc(sim, 'get pods -l app=other -o yaml').stdout).toMatch(/^apiVersion: v1\nitems: \[\]\nkind: List\n/);
    expect(kc(sim, 'get pv').stderr).toBe('No resources found\n');
    expect(kc(sim, 'patch deployment web').error).toBe(
      'must specify --patch or --patch-file containing the contents of the patch',
    );
    expect(kc(sim, 'get deployment web -o yaml').stdout).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n/);
    expect(kc(sim, 'get deployments -o yaml').stdout).toMatch(/^apiVersion: v1\nitems:\n- apiVersion: apps\/v1\n/);
    expect(kc(sim, 'get deployment web -o json').stdout).toMatch(
      /^\{\n {4}"apiVersion": "apps\/v1",\n {4}"kind": "Deployment",\n/,
    );
  });

  it('-A adds the NAMESPACE column; a missing name is NotFound; a bad flag is an error', () => {
    expect(kc(sim, 'get deployments -A').stdout.split('\n')[1]).toMatch(/^default +web +2\/2 /);
    expect(kc(sim, 'get deployment nope').error).toBe('Error from server (NotFound): deployments.apps "nope" not found');
    expect(errorLine(kc(sim, 'get pods --bogus').error ?? '')).toBe('error: unknown flag: --bogus');
    expect(kc(sim, 'get widgets').error).toBe('the server doesn\'t have a resource type "widgets"');
    expect(kc(sim, 'get pods -o table').error).toBe(
      'unable to match a printer suitable for the output format "table", allowed formats are: json,name,wide,yaml',
    );
  });
});

describe('kubectl describe', () => {
  const sim = cluster(web(1, 'web'), web(1, 'webapp'));

  it('describes every object whose name starts with the given one when none has it exactly', () => {
    const out = kc(sim, 'describe deployment we').stdout;
    expect(out.match(/^Name: +\S+$/gm)).toEqual(['Name:                   web', 'Name:                   webapp']);
    expect(kc(sim, 'describe deployment web').stdout.match(/^Name: +\S+$/gm)).toEqual(['Name:                   web']);
    expect(kc(sim, 'describe deployment zzz').error).toBe('Error from server (NotFound): deployments.apps "zzz" not found');
  });
});

describe('kubectl scale, label, patch, delete, set image', () => {
  const sim = cluster(web());

  it('scale: the count is required; --current-replicas is a precondition', () => {
    expect(text(kc(sim, 'scale deployment/web --replicas=5'))).toBe('deployment.apps/web scaled\n');
    expect(kc(sim, 'scale deployment/web').error).toBe('required flag(s) "replicas" not set');
    expect(kc(sim, 'scale deployment/web --replicas=-1').error).toBe(
      'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
    );
    expect(kc(sim, 'scale deployment/web --replicas=many').error).toBe(
      'invalid argument "many" for "--replicas" flag: strconv.ParseInt: parsing "many": invalid syntax',
    );
    expect(kc(sim, 'scale deployment/web --current-replicas=3 --replicas=5').error).toBe('Expected replicas to be 3, was 2');
  });

  it('label: a conflicting value needs --overwrite; removing a missing key says so', () => {
    expect(kc(sim, 'label deployment web app=other').error).toBe("'app' already has a value (web), and --overwrite is false");
    expect(text(kc(sim, 'label deployment web app=other --overwrite'))).toBe('deployment.apps/web labeled\n');
    expect(text(kc(sim, 'label deployment web tier-'))).toBe('label "tier" not found.\ndeployment.apps/web not labeled\n');
    expect(text(kc(sim, 'label deployment web app=web'))).toBe('deployment.apps/web not labeled\n');
  });

  it('patch: a patch that changes nothing says (no change) and sends nothing', () => {
    const same = kc(sim, `patch deployment web -p '{"spec":{"replicas":2}}'`);
    expect(same.stdout).toBe('deployment.apps/web patched (no change)\n');
    expect(same.writes).toHaveLength(0);
    const json = kc(sim, `patch deployment web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":3}]'`);
    expect(text(json)).toBe('deployment.apps/web patched\n');
    expect(json.writes[0]?.event).toMatchObject({ type: 'Patch', patchType: 'json' });
  });

  it('patch: -p may be YAML, as kubectl converts it to JSON first; a bad one is refused', () => {
    const yaml = kc(sim, `patch deployment web -p 'spec: {replicas: 4}'`);
    expect(text(yaml)).toBe('deployment.apps/web patched\n');
    expect(yaml.writes[0]?.event).toMatchObject({ type: 'Patch', patch: { spec: { replicas: 4 } } });
    expect(kc(sim, `patch deployment web -p '{"spec": '`).error).toMatch(/^unable to parse "\{\\"spec\\": ": /);
  });

  it('delete: the v1.34 wording, the force warning, and a bad cascade', () => {
    expect(text(kc(sim, 'delete deployment web'))).toBe('deployment.apps "web" deleted from default namespace\n');
    const pod = sim.list('Pod')[0]?.metadata.name;
    const force = kc(sim, `delete pod ${pod} --grace-period=0 --force`);
    expect(force.stderr).toMatch(/^Warning: Immediate deletion does not wait for confirmation/);
    expect(text(force)).toBe(`pod "${pod}" force deleted from default namespace\n`);
    expect(kc(sim, 'delete deployment web --cascade=sometimes').error).toBe(
      'invalid cascade value (sometimes). Must be "background", "foreground", or "orphan".',
    );
  });

  it('delete: --grace-period=0 alone waits a second, --force alone is immediate, both with a positive period are refused', () => {
    const pod = sim.list('Pod')[0]?.metadata.name;
    const zero = kc(sim, `delete pod ${pod} --grace-period=0`);
    expect(zero.writes[0]?.event).toMatchObject({ type: 'Delete', gracePeriodSeconds: 1 });
    expect(zero.stderr).toBeUndefined();
    expect(text(zero)).toBe(`pod "${pod}" deleted from default namespace\n`);
    const force = kc(sim, `delete pod ${pod} --force`);
    expect(force.writes[0]?.event).toMatchObject({ type: 'Delete', gracePeriodSeconds: 0 });
    expect(text(force)).toBe(`pod "${pod}" force deleted from default namespace\n`);
    expect(kc(sim, `delete pod ${pod} --force --grace-period=5`).error).toBe(
      '--force and --grace-period greater than 0 cannot be specified together',
    );
    expect(kc(sim, `delete pod ${pod} --grace-period=soon`).error).toBe(
      'invalid argument "soon" for "--grace-period" flag: strconv.ParseInt: parsing "soon": invalid syntax',
    );
    expect(kc(sim, `delete pod ${pod}`).writes[0]?.event).not.toHaveProperty('gracePeriodSeconds');
  });

  it('set image: an image already set prints nothing; an unknown container is an error', () => {
    expect(kc(sim, 'set image deployment/web web=nginx:1.25')).toEqual({ stdout: '', writes: [] });
    expect(kc(sim, 'set image deployment/web nginx=nginx:1.26').error).toBe('unable to find container named "nginx"');
    expect(text(kc(sim, 'set image deployment/web *=nginx:1.26'))).toBe('deployment.apps/web image updated\n');
  });
});

describe('kubectl rollout', () => {
  const sim = cluster(web());

  it('refuses what kubectl refuses', () => {
    expect(kc(sim, 'rollout resume deployment/web').error).toBe('deployments.apps "web" is not paused');
    expect(kc(sim, 'rollout history deployment/web --revision=7').error).toBe('unable to find the specified revision');
    expect(kc(sim, 'rollout status rs/web').error).toBe('no status viewer has been implemented for ReplicaSet.apps');
    expect(kc(sim, 'rollout undo deployment/web').error).toBe('no rollout history found for deployment "web"');
    expect(kc(sim, 'rollout pause replicaset/web').error).toBe('replicasets.apps "web" pausing is not supported');
    expect(kc(sim, 'rollout frobnicate deployment/web').error).toContain('unknown command "frobnicate" for "kubectl rollout"');
  });

  it('a second restart within the same second is refused, as kubectl refuses an empty patch', () => {
    const first = kc(sim, 'rollout restart deployment/web');
    expect(text(first)).toBe('deployment.apps/web restarted\n');
    for (const w of first.writes) sim.at(undefined, w.event);
    sim.run(sim.now);
    expect(kc(sim, 'rollout restart deployment/web').error).toMatch(
      /^failed to create patch for web: if restart has already been triggered/,
    );
  });
});

describe('kubectl drain, cordon', () => {
  it('cordons, evicts the pods with a controller, waits for them to go, then says drained', () => {
    const bare = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bare' },
      spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox' }] },
    };
    const s = scenario('drain')
      .seed(2)
      .nodes(2)
      .image('*', { pull: '1s', start: '500ms', stop: '2s' })
      .manifest('web.yaml', web(4))
      .manifest('bare.yaml', bare as unknown as KubeObject)
      .kubectl(0, 'apply -f web.yaml')
      .kubectl(0, 'apply -f bare.yaml')
      .kubectl('20s', 'drain node-1')
      .kubectl('25s', 'drain node-1 --force')
      .kubectl('40s', 'uncordon node-1')
      .kubectl('40s', 'uncordon node-1')
      .until('1m')
      .build();
    const r = runScenario(s);
    const [refused, forced, uncordoned, again] = r.steps.slice(2);
    expect(refused?.stdout).toBe('node/node-1 cordoned\n');
    expect(refused?.stderr).toBe(
      'error: unable to drain node "node-1" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...\n' +
        'There are pending nodes to be drained:\n node-1\n' +
        'cannot delete Pods that declare no controller (use --force to override): default/bare\n',
    );
    expect(refused?.exitCode).toBe(1);
    expect(forced?.stderr).toBe('Warning: deleting Pods that declare no controller: default/bare\n');
    const lines = forced?.stdout.trim().split('\n') ?? [];
    expect(lines[0]).toBe('node/node-1 already cordoned');
    expect(lines.filter((l) => l.startsWith('evicting pod default/'))).toHaveLength(
      lines.filter((l) => / evicted$/.test(l)).length,
    );
    expect(lines.at(-1)).toBe('node/node-1 drained');
    expect(forced?.exitCode).toBe(0);
    expect(uncordoned?.stdout).toBe('node/node-1 uncordoned\n');
    expect(again?.stdout).toBe('node/node-1 already uncordoned\n');
    expect(r.view.podsOnNode('node-1')).toHaveLength(0);
  });
});

describe('command lines', () => {
  it('split as a shell splits them', () => {
    expect(tokenize(`patch sts web -p '{"spec":{"replicas":3}}'`)).toEqual([
      'patch',
      'sts',
      'web',
      '-p',
      '{"spec":{"replicas":3}}',
    ]);
    expect(tokenize('label pod "a b" x=\\"y\\"')).toEqual(['label', 'pod', 'a b', 'x="y"']);
    expect(() => tokenize("get 'pods")).toThrow('unterminated single quote');
  });
});

describe('kubectl apply', () => {
  it('a re-applied manifest is configured again when the live object has drifted from it', () => {
    const s = scenario('apply-after-scale')
      .seed(4)
      .nodes(1)
      .manifest('web.yaml', web(2))
      .kubectl(0, 'apply -f web.yaml')
      .kubectl('5s', 'apply -f web.yaml')
      .kubectl('10s', 'scale deployment web --replicas=4')
      .kubectl('20s', 'apply -f web.yaml')
      .until('30s')
      .build();
    const r = runScenario(s);
    expect(r.steps.map((x) => x.stdout)).toEqual([
      'deployment.apps/web created\n',
      'deployment.apps/web unchanged\n',
      'deployment.apps/web scaled\n',
      'deployment.apps/web configured\n',
    ]);
    expect(r.view.get('Deployment', 'default', 'web')?.spec.replicas).toBe(2);
  });

  it('warns, once, when the object was made by create and has no last-applied record', () => {
    const newer = web(2) as Deployment;
    const container = newer.spec.template.spec.containers[0];
    if (container) container.image = 'nginx:1.26';
    const s = scenario('apply-after-create')
      .seed(3)
      .nodes(1)
      .manifest('web.yaml', web(2))
      .manifest('web-1.26.yaml', newer)
      .kubectl(0, 'create -f web.yaml')
      .kubectl('10s', 'apply -f web-1.26.yaml')
      .kubectl('20s', 'apply -f web-1.26.yaml')
      .until('30s')
      .build();
    const [, configured, unchanged] = runScenario(s).steps;
    expect(configured?.stderr).toBe(
      'Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );
    expect(configured?.stdout).toBe('deployment.apps/web configured\n');
    expect(unchanged?.stderr ?? '').toBe('');
    expect(unchanged?.stdout).toBe('deployment.apps/web unchanged\n');
  });
});

describe('flags kubesim does not act on are refused, and the ones it does act on work', () => {
  const sim = cluster(web(2));

  it('drain: --selector and an eviction --grace-period are refused; --pod-selector narrows the pods', () => {
    expect(kc(sim, 'drain --selector=zone=a').error).toBe(
      "kubesim's kubectl drain takes one NODE name; --selector (nodes by label) is not supported",
    );
    expect(kc(sim, 'drain node-1 --grace-period=5').error).toContain('--grace-period only with --disable-eviction');
    const node = sim.list('Pod')[0]?.spec.nodeName as string;
    const all = kc(sim, `drain ${node}`).writes.filter((w) => w.event.type === 'Evict');
    const none = kc(sim, `drain ${node} --pod-selector=app=other`).writes.filter((w) => w.event.type === 'Evict');
    expect(all.length).toBeGreaterThan(0);
    expect(none).toEqual([]);
  });

  it('set: --all and -f are refused', () => {
    expect(kc(sim, 'set image --all web=nginx:1.26').error).toBe(
      "kubesim's kubectl set does not support --all: name the objects",
    );
    expect(kc(sim, 'set image -f web.yaml web=nginx:1.26').error).toBe(
      "kubesim's kubectl set does not support -f: name the objects",
    );
  });

  it('rollout status --revision pins the revision, as DeploymentStatusViewer does', () => {
    expect(kc(sim, 'rollout status deployment/web --revision=1').stdout).toBe('deployment "web" successfully rolled out\n');
    expect(kc(sim, 'rollout status deployment/web --revision=2').error).toBe(
      'desired revision (2) is different from the running revision (1)',
    );
  });
});

describe('kubectl drain and DaemonSet pods', () => {
  const ds = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent:1' }] } },
    },
  } as KubeObject;
  const sim = cluster(web(2), ds);

  it('refuses without --ignore-daemonsets; with it, names them and leaves them running (daemonSetFilter)', () => {
    const node = 'node-1';
    const agent = sim.list('Pod').find((p) => p.metadata.labels?.app === 'agent' && p.spec.nodeName === node);
    expect(agent).toBeDefined();
    expect(kc(sim, `drain ${node}`).error).toBe(
      `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/${agent?.metadata.name}`,
    );
    const o = kc(sim, `drain ${node} --ignore-daemonsets`);
    expect(o.stderr).toBe(`Warning: ignoring DaemonSet-managed Pods: default/${agent?.metadata.name}\n`);
    const evicted = o.writes.flatMap((w) => (w.event.type === 'Evict' ? [w.event.ref.name] : []));
    expect(evicted).not.toContain(agent?.metadata.name);
    expect(evicted.every((n) => n.startsWith('web-'))).toBe(true);
  });
});

describe('kubectl drain runs filterPods as kubectl does (the last filter run decides)', () => {
  it('a controlled pod with an emptyDir: refused without --delete-emptydir-data; with it, evicted and no warning (unreplicatedFilter has the last word)', () => {
    const d = web(1, 'cache') as KubeObject & { spec: { template: { spec: Record<string, unknown> } } };
    d.spec.template.spec.volumes = [{ name: 'tmp', emptyDir: {} }];
    const sim = cluster(d);
    const node = sim.list('Pod')[0]?.spec.nodeName as string;
    const name = sim.list('Pod')[0]?.metadata.name as string;
    expect(kc(sim, `drain ${node}`).error).toBe(
      `cannot delete Pods with local storage (use --delete-emptydir-data to override): default/${name}`,
    );
    const o = kc(sim, `drain ${node} --delete-emptydir-data`);
    expect(o.stderr).toBeUndefined();
    expect(o.writes.some((w) => w.event.type === 'Evict')).toBe(true);
  });
});

describe("usage errors end as kubectl's UsageErrorf ends them", () => {
  const sim = cluster();
  it.each([
    [
      'create deployment --image=nginx',
      "exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples",
    ],
    [
      'create deployment a b --image=nginx',
      "exactly one NAME is required, got 2\nSee 'kubectl create deployment -h' for help and examples",
    ],
    ['run --image=nginx', "NAME is required for run\nSee 'kubectl run -h' for help and examples"],
    ['drain', "USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples"],
  ])('%s', (line, error) => {
    expect(kc(sim, line).error).toBe(error);
  });
});
