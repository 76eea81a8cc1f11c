import type { ClusterView, HorizontalPodAutoscaler, HPAScalingRules, Millis } from '@kubesim/core';
import { hpaMetrics, type MetricSpecView, type MetricStatusView, quantityString } from '../hpa.js';
import { formatRFC1123Z } from '../rfc1123.js';
import { describeEvents } from './events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter, tabbedString } from './writer.js';

/**
 * describeHorizontalPodAutoscalerV2 (k8s.io/kubectl/pkg/describe/describe.go): kubectl gets
 * the autoscaling/v2 object first, which the API server always serves, so the v1 layout is
 * never reached.
 */

/** One line (or two, for a utilization target) of the `Metrics:` block, per metric type. */
function describeMetric(w: PrefixWriter, metric: MetricSpecView, status: MetricStatusView | undefined): void {
  switch (metric.type) {
    case 'External': {
      const e = metric.external;
      if (e?.target.averageValue !== undefined) {
        const cur = status?.external?.current.averageValue;
        const current = status?.external !== undefined && cur !== undefined ? quantityString(cur) : '<unknown>';
        w.write(
          LEVEL_1,
          `${JSON.stringify(e.metric.name)} (target average value):\t${current} / ${quantityString(e.target.averageValue)}\n`,
        );
      } else {
        const current = status?.external !== undefined ? quantityString(status.external.current.value) : '<unknown>';
        w.write(
          LEVEL_1,
          `${JSON.stringify(e?.metric.name ?? '')} (target value):\t${current} / ${quantityString(e?.target.value)}\n`,
        );
      }
      return;
    }
    case 'Pods': {
      const current = status?.pods !== undefined ? quantityString(status.pods.current.averageValue) : '<unknown>';
      const p = metric.pods;
      w.write(
        LEVEL_1,
        `${JSON.stringify(p?.metric.name ?? '')} on pods:\t${current} / ${quantityString(p?.target.averageValue)}\n`,
      );
      return;
    }
    case 'Object': {
      const o = metric.object;
      // `"%s"`, not %q, for the object's metric name; the target type decides, not which value is set.
      w.write(LEVEL_1, `"${o?.metric.name ?? ''}" on ${o?.describedObject.kind ?? ''}/${o?.describedObject.name ?? ''} `);
      if (o?.target.type === 'AverageValue') {
        const current = status?.object !== undefined ? quantityString(status.object.current.averageValue) : '<unknown>';
        w.write(LEVEL_0, `(target average value):\t${current} / ${quantityString(o.target.averageValue)}\n`);
      } else {
        const current = status?.object !== undefined ? quantityString(status.object.current.value) : '<unknown>';
        w.write(LEVEL_0, `(target value):\t${current} / ${quantityString(o?.target.value)}\n`);
      }
      return;
    }
    case 'Resource':
    case 'ContainerResource': {
      const isResource = metric.type === 'Resource';
      const source = isResource ? metric.resource : metric.containerResource;
      const st = isResource ? status?.resource : status?.containerResource;
      const container = metric.containerResource?.container ?? '';
      w.write(
        LEVEL_1,
        isResource
          ? `resource ${source?.name ?? ''} on pods`
          : `resource ${source?.name ?? ''} of container "${container}" on pods`,
      );
      if (source?.target.averageValue !== undefined) {
        const current = st !== undefined ? quantityString(st.current.averageValue) : '<unknown>';
        w.write(LEVEL_0, `:\t${current} / ${quantityString(source.target.averageValue)}\n`);
      } else {
        const util = st?.current.averageUtilization;
        const current = util !== undefined ? `${util}% (${quantityString(st?.current.averageValue)})` : '<unknown>';
        const target = source?.target.averageUtilization !== undefined ? `${source.target.averageUtilization}%` : '<auto>';
        // LEVEL_1 mid-line: upstream's two spaces before the parenthesis.
        w.write(LEVEL_1, `(as a percentage of request):\t${current} / ${target}\n`);
      }
      return;
    }
    default:
      w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(metric.type)}>\n`);
  }
}

/** printDirectionBehavior: the window when set, and the policies with their select policy (Max by default). */
function printDirectionBehavior(w: PrefixWriter, direction: string, rules: HPAScalingRules | undefined): void {
  if (rules === undefined) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined) {
    w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  }
  const policies = rules.policies ?? [];
  if (policies.length > 0) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of policies) w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

export function describeHorizontalPodAutoscaler(view: ClusterView, hpa: HorizontalPodAutoscaler, now: Millis): string {
  const { specs, statuses } = hpaMetrics(hpa);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${hpa.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(hpa.metadata.creationTimestamp, view.startTime)}\n`);
    w.write(LEVEL_0, `Reference:\t${hpa.spec.scaleTargetRef.kind}/${hpa.spec.scaleTargetRef.name}\n`);
    w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
    for (const [i, m] of specs.entries()) describeMetric(w, m, statuses[i]);
    w.write(LEVEL_0, `Min replicas:\t${hpa.spec.minReplicas ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Max replicas:\t${hpa.spec.maxReplicas}\n`);
    const behavior = hpa.spec.behavior;
    if (behavior !== undefined) {
      w.write(LEVEL_0, 'Behavior:\n');
      printDirectionBehavior(w, 'Scale Up', behavior.scaleUp);
      printDirectionBehavior(w, 'Scale Down', behavior.scaleDown);
    }
    w.write(LEVEL_0, `${hpa.spec.scaleTargetRef.kind} pods:\t`);
    w.write(LEVEL_0, `${hpa.status?.currentReplicas ?? 0} current / ${hpa.status?.desiredReplicas ?? 0} desired\n`);
    const conditions = hpa.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    describeEvents(view.eventsFor(hpa.metadata.uid ?? ''), w, now);
  });
}
