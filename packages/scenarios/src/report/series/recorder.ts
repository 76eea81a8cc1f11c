import type { Change, HorizontalPodAutoscaler, LogEntry, Millis, Node, Pod } from '@kubesim/core';
import { EventRecorder } from './events.js';
import { HpaRecorder } from './hpa.js';
import { markOf } from './marks.js';
import { NodeRecorder } from './nodes.js';
import { PodRecorder } from './pods.js';
import { type Mark, type RunSeries, SERIES_VERSION } from './types.js';
import { WorkloadRecorder } from './workloads.js';

/**
 * Turns a run's log entries and what each changed into its time series. The runner feeds it
 * from the engine, replay from the reducer: the same entries give the same series.
 */
export class SeriesRecorder {
  private readonly marks: Mark[] = [];
  private readonly workloads = new WorkloadRecorder();
  private readonly pods = new PodRecorder();
  private readonly nodes = new NodeRecorder();
  private readonly hpas = new HpaRecorder();
  private readonly events = new EventRecorder();

  /** Takes in one log entry and the changes it made. */
  observe(entry: LogEntry, changes: readonly Change[]): void {
    const mark = markOf(entry);
    if (mark !== undefined) this.marks.push(mark);
    this.events.observe(entry);
    const t = entry.time;
    for (const c of changes) {
      switch (c.kind) {
        case 'Pod':
          this.pods.observe(t, c.new as Pod | undefined, c.old as Pod | undefined);
          this.nodes.observePod(t, c.key, c.new as Pod | undefined);
          break;
        case 'Node':
          this.nodes.observeNode(t, c.new as Node | undefined);
          break;
        case 'HorizontalPodAutoscaler':
          this.hpas.observe(t, c.new as HorizontalPodAutoscaler | undefined, c.old as HorizontalPodAutoscaler | undefined);
          break;
        case 'NodeRuntime':
          break;
        default:
          this.workloads.observe(t, c.new, c.old);
      }
    }
  }

  /** The series recorded so far, ending at this time. */
  series(end: Millis): RunSeries {
    return {
      version: SERIES_VERSION,
      end,
      marks: this.marks,
      workloads: this.workloads.series(),
      pods: this.pods.tracks(),
      nodes: this.nodes.series(),
      hpas: this.hpas.series(),
      events: this.events.list(),
    };
  }
}
