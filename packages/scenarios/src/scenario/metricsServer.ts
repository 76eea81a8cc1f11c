import { tokenize } from '../kubectl/tokenize.js';
import { isKubectlStep, type Scenario } from './model.js';

/**
 * Whether a scenario's cluster runs a metrics-server. A kubeadm cluster has none, and an HPA
 * without one reports FailedGetResourceMetric forever; every tutorial that autoscales installs
 * it first. So kubesim runs one when the scenario says so, or — unset — when it has anything
 * that reads metrics: load, an external metric, a HorizontalPodAutoscaler among its manifests,
 * or a `kubectl autoscale` or `kubectl top` step.
 */
export function wantsMetricsServer(s: Scenario): boolean {
  if (s.metricsServer !== undefined) return s.metricsServer;
  if (s.loads.length > 0 || s.externalMetrics.length > 0) return true;
  for (const m of s.manifests.values()) if (m.objects.some((o) => o.kind === 'HorizontalPodAutoscaler')) return true;
  return s.steps.some((step) => {
    if (!isKubectlStep(step)) return false;
    const tokens = tokenize(step.kubectl);
    const verb = tokens[0] === 'kubectl' ? tokens[1] : tokens[0];
    return verb === 'autoscale' || verb === 'top';
  });
}
