import type { KubeObject } from '@kubesim/core';
import { controllerOf } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { type RunReport, runScenario, scenario } from '../src/index.js';
import { loadExample } from './examples.js';

/**
 * What the tutorials (the seeds) say happens, checked on the example runs: the order of the
 * scaling steps, what `get rs` shows, what pause and Recreate promise.
 */
function stepOutput(r: RunReport, command: string, nth = 0): string {
  const steps = r.steps.filter((s) => s.step === `kubectl ${command}`);
  const step = steps[nth];
  if (step === undefined) throw new Error(`no step "${command}" (#${nth})`);
  return step.stdout;
}

function scalingEvents(r: RunReport, deployment: string): string[] {
  return r.view
    .list('Event')
    .filter((e) => e.involvedObject.name === deployment && e.reason === 'ScalingReplicaSet')
    .sort((a, b) => a.firstTimestamp - b.firstTimestamp)
    .map((e) => e.message.replace(/(nginx-deployment)-[a-z0-9]+/g, '$1-<hash>'));
}

describe('the nginx Deployment of the tutorial', () => {
  it('rolls 3 replicas at 25%/25% as the tutorial describes: new 1, old 2, new 2, old 1, new 3, old 0', () => {
    const r = runScenario(loadExample('nginx-deployment/rolling-update.yaml'));
    expect(scalingEvents(r, 'nginx-deployment')).toEqual([
      'Scaled up replica set nginx-deployment-<hash> from 0 to 3',
      'Scaled up replica set nginx-deployment-<hash> from 0 to 1',
      'Scaled down replica set nginx-deployment-<hash> from 3 to 2',
      'Scaled up replica set nginx-deployment-<hash> from 1 to 2',
      'Scaled down replica set nginx-deployment-<hash> from 2 to 1',
      'Scaled up replica set nginx-deployment-<hash> from 2 to 3',
      'Scaled down replica set nginx-deployment-<hash> from 1 to 0',
    ]);
    const status = stepOutput(r, 'rollout status deployment/nginx-deployment', 1);
    expect(status).toContain(
      'Waiting for deployment "nginx-deployment" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    );
    expect(status).toContain(
      'Waiting for deployment "nginx-deployment" rollout to finish: 1 old replicas are pending termination...\n',
    );
    expect(status.endsWith('deployment "nginx-deployment" successfully rolled out\n')).toBe(true);
    // The old ReplicaSet stays, scaled to zero, for rollback.
    expect(stepOutput(r, 'get rs')).toMatch(/\nnginx-deployment-\w+ +3 +3 +3 +\d+s\nnginx-deployment-\w+ +0 +0 +0 +\d+s\n$/);
  });

  it('stalls on a mistyped image with one new pod in ImagePullBackOff, and undo restores revision 2 as revision 4', () => {
    const r = runScenario(loadExample('nginx-deployment/mistyped-image-undo.yaml'));
    const rs = stepOutput(r, 'get rs');
    expect(rs.split('\n').filter((l) => /^nginx-deployment-\w+ +1 +1 +0 /.test(l))).toHaveLength(1);
    expect(stepOutput(r, 'get pods')).toMatch(/nginx-deployment-\w+-\w+ +0\/1 +ImagePullBackOff +0 /);
    expect(stepOutput(r, 'rollout history deployment/nginx-deployment')).toContain(
      '3         kubectl set image deployment.v1.apps/nginx-deployment nginx=nginx:1.91 --record=true\n',
    );
    expect(stepOutput(r, 'rollout undo deployment/nginx-deployment')).toBe('deployment.apps/nginx-deployment rolled back\n');
    const d = r.view.get('Deployment', 'default', 'nginx-deployment');
    expect(d?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('4');
    expect(d?.spec.template.spec.containers[0]?.image).toBe('nginx:1.9.1');
    // The watching `rollout status` of the bad image finished once the undo took effect.
    expect(stepOutput(r, 'rollout status deployment/nginx-deployment')).toMatch(/successfully rolled out\n$/);
  });

  it('takes changes while paused without a new revision, and rolls them out as one when resumed', () => {
    const r = runScenario(loadExample('nginx-deployment/pause-resume.yaml'));
    expect(stepOutput(r, 'rollout history deployment.v1.apps/nginx-deployment', 0)).toBe(
      'deployment.apps/nginx-deployment \nREVISION  CHANGE-CAUSE\n1         <none>\n\n',
    );
    expect(stepOutput(r, 'get rs', 0).trim().split('\n')).toHaveLength(2);
    expect(stepOutput(r, 'rollout history deployment.v1.apps/nginx-deployment', 1)).toContain('2         <none>\n');
    const c = r.view.list('Pod')[0]?.spec.containers[0];
    expect(c?.image).toBe('nginx:1.16.1');
    expect(c?.resources?.limits).toEqual({ cpu: '200m', memory: '512Mi' });
  });

  it('with Recreate, creates no new pod until every old pod is gone', () => {
    const r = runScenario(loadExample('nginx-deployment/recreate.yaml'));
    const rows = r.timeline.filter((l) => l.kind === 'pod');
    const newHash =
      r.view.get('Deployment', 'default', 'my-app')?.status?.conditions?.find((c) => c.type === 'Progressing')?.message ?? '';
    const newRS = /"(my-app-\w+)"/.exec(newHash)?.[1] as string;
    const firstNew = rows.find((l) => l.cells[0]?.startsWith(newRS))?.time ?? 0;
    const oldRows = rows.filter((l) => l.time > 30_000 && !l.cells[0]?.startsWith(newRS));
    expect(oldRows.length).toBeGreaterThan(0);
    expect(Math.max(...oldRows.map((l) => l.time))).toBeLessThan(firstNew);
  });
});

describe('ReplicationController and ReplicaSet', () => {
  it('replaces a killed pod, deletes a stray pod with its labels, scales, and leaves orphans running after --cascade=orphan', () => {
    const r = runScenario(loadExample('replicaset/replicationcontroller.yaml'));
    expect(r.view.list('Event').map((e) => e.message)).toContain('Deleted pod: stray');
    expect(stepOutput(r, 'get pods').trim().split('\n')).toHaveLength(4);
    expect(stepOutput(r, 'delete rc nginx-rc --cascade=orphan')).toBe(
      'replicationcontroller "nginx-rc" deleted from default namespace\n',
    );
    const pods = r.view.list('Pod');
    expect(pods).toHaveLength(5);
    expect(pods.every((p) => controllerOf(p) === undefined)).toBe(true);
  });

  it('adopts a bare pod its set-based selector matches, then deletes the excess', () => {
    const r = runScenario(loadExample('replicaset/replicaset.yaml'));
    const messages = r.view.list('Event').map((e) => e.message);
    expect(messages).toContain('Deleted pod: apache');
    expect(stepOutput(r, 'get rs nginx-replicaset -o wide')).toContain('app in (apache,nginx)');
    // Deleting the set (background cascade) took its pods along.
    expect(r.view.list('Pod')).toHaveLength(0);
  });
});

describe('the StatefulSet web of the tutorial', () => {
  const r = runScenario(loadExample('statefulset/web-statefulset.yaml'));
  const rows = (name: string): { time: number; status: string }[] =>
    r.timeline.flatMap((l) =>
      l.kind === 'pod' && l.cells[0] === name ? [{ time: l.time, status: `${l.cells[1]} ${l.cells[2]}` }] : [],
    );

  it('creates web-1 only once web-0 is Running and Ready', () => {
    const web0Running = rows('web-0').find((x) => x.status === '1/1 Running')?.time ?? Number.POSITIVE_INFINITY;
    const web1Pending = rows('web-1')[0]?.time ?? 0;
    expect(web1Pending).toBeGreaterThan(web0Running);
  });

  it('gives pods stable names and DNS records, and each its own bound claim', () => {
    expect(stepOutput(r, "exec web-0 -- sh -c 'hostname'")).toBe('web-0\n');
    // The seed (2016, kube-dns) shows no name after the pod's address; CoreDNS answers the PTR
    // query busybox makes for each address with the pod's name under the headless Service.
    expect(stepOutput(r, 'run -i --tty --image busybox:1.28 dns-test --restart=Never --rm nslookup web-0.nginx')).toMatch(
      /^Server: {4}10\.96\.0\.10\nAddress 1: 10\.96\.0\.10 kube-dns\.kube-system\.svc\.cluster\.local\n\nName: {6}web-0\.nginx\nAddress 1: 10\.244\.\d+\.\d+ web-0\.nginx\.default\.svc\.cluster\.local\npod "dns-test" deleted from default namespace\n$/,
    );
    expect(stepOutput(r, 'get pvc -l app=nginx', 0)).toMatch(
      /\nwww-web-0 +Bound +pvc-[0-9a-f-]{36} +1Gi +RWO +standard +<unset> +\d+s\nwww-web-1 +Bound /,
    );
  });

  it('keeps the five claims after scaling down to three, and after the set is deleted', () => {
    const claims = (out: string): string[] => out.split('\n').flatMap((l) => /^www-web-\d/.exec(l) ?? []);
    expect(claims(stepOutput(r, 'get pvc -l app=nginx', 1))).toEqual([
      'www-web-0',
      'www-web-1',
      'www-web-2',
      'www-web-3',
      'www-web-4',
    ]);
    expect(claims(stepOutput(r, 'get pvc'))).toEqual(['www-web-0', 'www-web-1', 'www-web-2', 'www-web-3', 'www-web-4']);
    // Scaling down removed web-4 before web-3.
    const web4Gone = rows('web-4').at(-1)?.time ?? 0;
    const web3Deleted = rows('web-3').find(
      (x, i, all) => i > 0 && x.status === '1/1 Terminating' && all[i - 1]?.status !== '1/1 Terminating',
    )?.time;
    expect(web3Deleted).toBeGreaterThanOrEqual(web4Gone);
  });

  it('updates only ordinals at or above the partition, then the rest in reverse order', () => {
    const canary = stepOutput(r, 'get pods -l app=nginx -L controller-revision-hash');
    const revisions = Object.fromEntries(
      canary
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => [l.split(/ +/)[0], l.split(/ +/).at(-1)]),
    );
    expect(revisions['web-0']).toBe(revisions['web-1']);
    expect(revisions['web-2']).not.toBe(revisions['web-0']);
    expect(stepOutput(r, 'rollout status statefulset/web', 0)).toMatch(
      /partitioned roll out complete: 1 new pods have been updated\.\.\.\n$/,
    );
    const deleted = (name: string): number =>
      rows(name).find((x) => x.time > 190_000 && x.status.endsWith('Terminating'))?.time ?? 0;
    expect(deleted('web-1')).toBeLessThan(deleted('web-0'));
    expect(stepOutput(r, 'rollout status statefulset/web', 1)).toMatch(
      /partitioned roll out complete: 3 new pods have been updated\.\.\.\n$/,
    );
    expect(r.invariants.every((i) => i.holds)).toBe(true);
  });
});

describe('the nginx-ds DaemonSet of the tutorial', () => {
  it('runs a pod on each worker and none on the tainted control-plane node', () => {
    const r = runScenario(loadExample('daemonset/nginx-ds-cluster.yaml'));
    const rows = stepOutput(r, 'get pods -l k8s-app=nginx -o wide').trim().split('\n').slice(1);
    expect(rows.map((l) => l.split(/ +/)[6]).sort()).toEqual(['node1', 'node2']);
    expect(stepOutput(r, 'get ds')).toMatch(/\nnginx-ds +2 +2 +2 +2 +2 +<none> +30s\n$/);
  });

  it('rolls the new image one node at a time, and gives the node that joins the new template', () => {
    const r = runScenario(loadExample('daemonset/rolling-update-node-joins.yaml'));
    const status = stepOutput(r, 'rollout status daemonset/nginx-ds');
    expect(status).toContain('Waiting for daemon set "nginx-ds" rollout to finish: 1 out of 3 new pods have been updated...\n');
    expect(status).toContain('Waiting for daemon set "nginx-ds" rollout to finish: 3 of 4 updated pods are available...\n');
    expect(status.endsWith('daemon set "nginx-ds" successfully rolled out\n')).toBe(true);
    // maxUnavailable 1: each old pod is deleted only once the previous replacement is created.
    const events = r.view
      .list('Event')
      .filter((e) => e.involvedObject.name === 'nginx-ds' && e.firstTimestamp >= 40_000)
      .sort((a, b) => a.firstTimestamp - b.firstTimestamp)
      .map((e) => e.reason);
    expect(events).toEqual([
      'SuccessfulDelete',
      'SuccessfulCreate',
      'SuccessfulDelete',
      'SuccessfulCreate',
      'SuccessfulCreate',
      'SuccessfulDelete',
      'SuccessfulCreate',
    ]);
    const joined = r.view.list('Pod').find((p) => p.spec.nodeName === 'node-4');
    expect(joined?.spec.containers[0]?.image).toBe('nginx:1.9.1');
  });

  it('rolls back to the previous template with rollout undo, the old revision renumbered on top', () => {
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'nginx-ds', namespace: 'default' },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'nginx' } },
        template: {
          metadata: { labels: { 'k8s-app': 'nginx' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.7.9' }] },
        },
      },
    } as KubeObject;
    const r = runScenario(
      scenario()
        .nodes(2)
        .manifest('ds.yaml', ds)
        .kubectl(0, 'apply -f ds.yaml')
        .kubectl('30s', 'set image daemonset/nginx-ds nginx=nginx:1.9.1')
        .kubectl('1m', 'rollout undo daemonset/nginx-ds')
        .kubectl('2m', 'rollout history daemonset/nginx-ds')
        .kubectl('2m', 'rollout undo daemonset/nginx-ds --to-revision=3')
        .until('2m10s')
        .build(),
    );
    expect(stepOutput(r, 'rollout undo daemonset/nginx-ds')).toBe('daemonset.apps/nginx-ds rolled back\n');
    expect(stepOutput(r, 'rollout history daemonset/nginx-ds')).toBe(
      'daemonset.apps/nginx-ds \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n',
    );
    expect(stepOutput(r, 'rollout undo daemonset/nginx-ds --to-revision=3')).toBe(
      'daemonset.apps/nginx-ds skipped rollback (current template already matches revision 3)\n',
    );
    const images = r.view.list('Pod').map((p) => p.spec.containers[0]?.image);
    expect(images).toEqual(['nginx:1.7.9', 'nginx:1.7.9']);
  });
});
