/**
 * The Endpoints controller (pkg/controller/endpoint) and the cluster DNS answers built on it.
 * @module
 */
export { CLUSTER_DOMAIN, type DnsAnswer, type DnsRecordKind, nslookup, reverseLookup } from './dns.js';
export { ENDPOINT_CONTROLLER, endpointsController, LABEL_SERVICE_HEADLESS } from './endpoints.js';
export {
  type EndpointSubset,
  endpointSubsets,
  findPort,
  podToEndpointAddress,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from './subsets.js';
