import { controllerOf } from '@kubesim/controllers';
import { describe, expect, it } from 'vitest';
import { type RunReport, runScenario } from '../src/index.js';
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
  it('replaces a killed pod, scales, and leaves orphans running after --cascade=orphan', () => {
    const r = runScenario(loadExample('replicaset/replicationcontroller.yaml'));
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
