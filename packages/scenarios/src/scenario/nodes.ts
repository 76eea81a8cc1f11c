import {
  applyDefaults,
  type FieldError,
  InvalidObjectError,
  KubesimError,
  type NodeSpec,
  nodeFromSpec,
  validateObject,
} from '@kubesim/core';
import type { YamlDocument } from './yamlDoc.js';

/**
 * The scenario's nodes as the API server would take them when their kubelets register: a
 * capacity that is not a quantity (`cpu: "lots"`) or a name that is not a DNS subdomain
 * (`Bad_Node!`) is refused here, in the API server's words, at the line of the field —
 * not a crash, and not a node silently missing from the cluster.
 *
 * `locate(i, field)` gives `file:line:column` of node i's field (or of the entry) and the field's path.
 */
export function checkNodes(
  nodes: readonly NodeSpec[],
  locate: (index: number, field: string) => { readonly where: string; readonly path: string },
): void {
  nodes.forEach((spec, i) => {
    let node: ReturnType<typeof nodeFromSpec>;
    try {
      node = nodeFromSpec(spec);
    } catch (e) {
      // Only a capacity can fail to convert: say which.
      const field = ['cpu', 'memory'].find((f) => {
        try {
          nodeFromSpec({ name: spec.name, [f]: spec[f as 'cpu' | 'memory'] });
          return false;
        } catch {
          return true;
        }
      });
      const f = field ?? 'cpu';
      const { where, path } = locate(i, f);
      throw new KubesimError(
        'E_SCENARIO',
        `${where}: ${path}: Invalid value: ${JSON.stringify(spec[f as 'cpu' | 'memory'])}: ${(e as Error).message}`,
      );
    }
    const errors: FieldError[] = validateObject(applyDefaults(node));
    if (errors.length > 0) {
      const first = errors[0] as FieldError;
      const field = first.field.startsWith('metadata.name') ? 'name' : '';
      const { where } = locate(i, field);
      throw new KubesimError('E_SCENARIO', `${where}: ${new InvalidObjectError('Node', spec.name, errors).kubectlMessage()}`);
    }
  });
}

/** checkNodes on `cluster.nodes` as the file gives it: a count (always good), {count, ...capacity}, or a list. */
export function checkScenarioNodes(nodes: unknown, doc: YamlDocument): void {
  if (Array.isArray(nodes)) {
    checkNodes(nodes as NodeSpec[], (i, f) => {
      const at = ['cluster', 'nodes', i, ...(f === '' ? [] : [f])];
      return { where: doc.locate(at), path: `cluster.nodes[${i}]${f === '' ? '' : `.${f}`}` };
    });
  } else if (typeof nodes === 'object' && nodes !== null) {
    const { count: _count, ...capacity } = nodes as NodeSpec & { count: number };
    checkNodes([{ ...capacity, name: 'node-1' }], (_i, f) => {
      const at = ['cluster', 'nodes', ...(f === '' ? [] : [f])];
      return { where: doc.locate(at), path: `cluster.nodes${f === '' ? '' : `.${f}`}` };
    });
  }
}

/** checkNodes on a `nodeJoins` fault's node (steps[i].fault.nodeJoins). */
export function checkJoiningNode(spec: NodeSpec, doc: YamlDocument, step: number): void {
  checkNodes([spec], (_i, f) => {
    const at = ['steps', step, 'fault', 'nodeJoins', ...(f === '' ? [] : [f])];
    return { where: doc.locate(at), path: `steps[${step}].fault.nodeJoins${f === '' ? '' : `.${f}`}` };
  });
}
