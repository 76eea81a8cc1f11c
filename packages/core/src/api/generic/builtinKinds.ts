/**
 * The kinds a v1.34 cluster serves out of the box that kubesim does not model beyond storing
 * them (`kubectl api-resources` of a v1.34 kubeadm cluster, GA groups only; the
 * create-only review kinds and the read-only ComponentStatus are left out, since nothing can
 * be stored in them). Kinds kubesim types (core's KINDS) are not here.
 */

/** A stored-generically kind: what discovery says about it. */
export interface GenericKindInfo {
  readonly kind: string;
  readonly apiVersion: string;
  readonly group: string;
  readonly resource: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  /** The registry strategy sets metadata.generation and bumps it when the spec changes. */
  readonly hasGeneration: boolean;
  /** How its names are validated (its strategy's ValidateObjectMeta name function). */
  readonly names: 'subdomain' | 'label' | 'path-segment';
}

function k(
  kind: string,
  apiVersion: string,
  resource: string,
  shortNames: readonly string[],
  namespaced: boolean,
  hasGeneration: boolean,
  names: GenericKindInfo['names'] = 'subdomain',
): GenericKindInfo {
  const slash = apiVersion.indexOf('/');
  return {
    kind,
    apiVersion,
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    resource,
    shortNames,
    namespaced,
    hasGeneration,
    names,
  };
}

/** In `kubectl api-resources` order (by group, then resource). */
export const BUILTIN_GENERIC_KINDS: readonly GenericKindInfo[] = [
  k('PodTemplate', 'v1', 'podtemplates', [], true, false),
  k('MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'mutatingwebhookconfigurations', [], false, true),
  k('ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/v1', 'validatingadmissionpolicies', [], false, true),
  k('ValidatingAdmissionPolicyBinding', 'admissionregistration.k8s.io/v1', 'validatingadmissionpolicybindings', [], false, true),
  k('ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'validatingwebhookconfigurations', [], false, true),
  k('CustomResourceDefinition', 'apiextensions.k8s.io/v1', 'customresourcedefinitions', ['crd', 'crds'], false, true),
  k('APIService', 'apiregistration.k8s.io/v1', 'apiservices', [], false, false),
  k('CertificateSigningRequest', 'certificates.k8s.io/v1', 'certificatesigningrequests', ['csr'], false, false),
  k('Lease', 'coordination.k8s.io/v1', 'leases', [], true, false),
  k('EndpointSlice', 'discovery.k8s.io/v1', 'endpointslices', [], true, true),
  k('FlowSchema', 'flowcontrol.apiserver.k8s.io/v1', 'flowschemas', [], false, true),
  k('PriorityLevelConfiguration', 'flowcontrol.apiserver.k8s.io/v1', 'prioritylevelconfigurations', [], false, true),
  k('IngressClass', 'networking.k8s.io/v1', 'ingressclasses', [], false, true),
  k('Ingress', 'networking.k8s.io/v1', 'ingresses', ['ing'], true, true),
  k('IPAddress', 'networking.k8s.io/v1', 'ipaddresses', ['ip'], false, false),
  k('NetworkPolicy', 'networking.k8s.io/v1', 'networkpolicies', ['netpol'], true, true),
  k('ServiceCIDR', 'networking.k8s.io/v1', 'servicecidrs', [], false, false),
  k('RuntimeClass', 'node.k8s.io/v1', 'runtimeclasses', [], false, false, 'subdomain'),
  k('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'clusterrolebindings', [], false, false, 'path-segment'),
  k('ClusterRole', 'rbac.authorization.k8s.io/v1', 'clusterroles', [], false, false, 'path-segment'),
  k('RoleBinding', 'rbac.authorization.k8s.io/v1', 'rolebindings', [], true, false, 'path-segment'),
  k('Role', 'rbac.authorization.k8s.io/v1', 'roles', [], true, false, 'path-segment'),
  k('DeviceClass', 'resource.k8s.io/v1', 'deviceclasses', [], false, true),
  k('ResourceClaim', 'resource.k8s.io/v1', 'resourceclaims', [], true, false),
  k('ResourceClaimTemplate', 'resource.k8s.io/v1', 'resourceclaimtemplates', [], true, false),
  k('ResourceSlice', 'resource.k8s.io/v1', 'resourceslices', [], false, false),
  k('PriorityClass', 'scheduling.k8s.io/v1', 'priorityclasses', ['pc'], false, false),
  k('CSIDriver', 'storage.k8s.io/v1', 'csidrivers', [], false, false),
  k('CSINode', 'storage.k8s.io/v1', 'csinodes', [], false, false),
  k('CSIStorageCapacity', 'storage.k8s.io/v1', 'csistoragecapacities', [], true, false),
  k('VolumeAttachment', 'storage.k8s.io/v1', 'volumeattachments', [], false, false),
  k('VolumeAttributesClass', 'storage.k8s.io/v1', 'volumeattributesclasses', ['vac'], false, false),
];

/** schema.GroupKind's String(): `Ingress.networking.k8s.io`, `PodTemplate`. */
export function groupKind(kind: string, group: string): string {
  return group === '' ? kind : `${kind}.${group}`;
}

const BY_GROUP_KIND: ReadonlyMap<string, GenericKindInfo> = new Map(
  BUILTIN_GENERIC_KINDS.map((i) => [groupKind(i.kind, i.group), i]),
);

export function builtinGenericKind(gk: string): GenericKindInfo | undefined {
  return BY_GROUP_KIND.get(gk);
}
