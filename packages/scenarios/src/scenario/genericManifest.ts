import { BUILTIN_GENERIC_KINDS } from '@kubesim/core';

/**
 * Whether a manifest object of a kind kubesim does not type may still be served at run time:
 * a built-in kind kubesim stores generically (Ingress, Role, ...), or a custom resource whose
 * CustomResourceDefinition the run may create first (any group with a dot outside the
 * built-in `*.k8s.io` groups). The API server decides when the object is sent: a custom
 * resource without its CRD is refused then with `no matches for kind`.
 */
export function mayBeServedGenerically(apiVersion: string, kind: string): boolean {
  if (BUILTIN_GENERIC_KINDS.some((k) => k.kind === kind && k.apiVersion === apiVersion)) return true;
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return false;
  const group = apiVersion.slice(0, slash);
  return group.includes('.') && !group.endsWith('.k8s.io') && group !== 'k8s.io';
}
