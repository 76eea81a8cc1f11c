import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, type Scenario } from '../src/index.js';

/** The repository's examples/ directory, and a loader that reads scenarios the way the CLI does. */
export const ROOT: string = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const EXAMPLES: string = join(ROOT, 'examples');

export function loadExample(path: string): Scenario {
  const file = join(EXAMPLES, path);
  return loadScenario(readFileSync(file, 'utf8'), relative(ROOT, file), {
    readFile: (p) => readFileSync(join(dirname(file), p), 'utf8'),
  });
}

/** Every example scenario, by its path under examples/. */
export const EXAMPLE_SCENARIOS: readonly string[] = [
  'nginx-deployment/rolling-update.yaml',
  'nginx-deployment/mistyped-image-undo.yaml',
  'nginx-deployment/pause-resume.yaml',
  'nginx-deployment/recreate.yaml',
  'replicaset/replicationcontroller.yaml',
  'replicaset/replicaset.yaml',
  'create-deployment/dry-run.yaml',
  'statefulset/web-statefulset.yaml',
  'statefulset/mysql-scale.yaml',
  'job/pi.yaml',
  'job/failing-job.yaml',
  'cronjob/hello.yaml',
  'daemonset/nginx-ds-cluster.yaml',
  'daemonset/rolling-update-node-joins.yaml',
  'hpa/autoscale.yaml',
  'hpa/hpa-v2.yaml',
  'hpa/queue-worker.yaml',
  'hpa/flapping.yaml',
  'configmap/late-configmap.yaml',
  'expect/rollout-expectations.yaml',
  'pdb/drain-with-budget.yaml',
  'quota/rollout-over-quota.yaml',
];
