/**
 * The metrics of upstream's HPA printer and describer tests (TestPrintHPA,
 * TestDescribeHorizontalPodAutoscaler): an external metric with a label selector, a pods
 * metric, an object metric on a Service, and CPU as a resource and a container resource.
 * Quantities are written as the API serialises resource.NewMilliQuantity(100, DecimalSI).
 */
export type Metric = Record<string, unknown>;

const selector = { matchLabels: { label: 'value' } };
const describedObject = { name: 'some-service', kind: 'Service' };

export const external = (target: Metric): Metric => ({
  type: 'External',
  external: { metric: { name: 'some-external-metric', selector }, target },
});
export const externalStatus = (current: Metric): Metric => ({
  type: 'External',
  external: { metric: { name: 'some-external-metric' }, current },
});
export const pods = (name: string, averageValue: string): Metric => ({
  type: 'Pods',
  pods: { metric: { name }, target: { type: 'AverageValue', averageValue } },
});
export const podsStatus = (name: string, averageValue: string): Metric => ({
  type: 'Pods',
  pods: { metric: { name }, current: { averageValue } },
});
export const object = (target: Metric): Metric => ({
  type: 'Object',
  object: { describedObject, metric: { name: 'some-service-metric' }, target },
});
export const objectStatus = (current: Metric): Metric => ({
  type: 'Object',
  object: { describedObject, metric: { name: 'some-service-metric' }, current },
});
export const resource = (target: Metric): Metric => ({ type: 'Resource', resource: { name: 'cpu', target } });
export const resourceStatus = (current: Metric): Metric => ({ type: 'Resource', resource: { name: 'cpu', current } });
export const container = (target: Metric): Metric => ({
  type: 'ContainerResource',
  containerResource: { name: 'cpu', container: 'application', target },
});
export const containerStatus = (current: Metric): Metric => ({
  type: 'ContainerResource',
  containerResource: { name: 'cpu', container: 'application', current },
});
export const avg100m: Metric = { type: 'AverageValue', averageValue: '100m' };
export const value100m: Metric = { type: 'Value', value: '100m' };
export const util80: Metric = { type: 'Utilization', averageUtilization: 80 };
/** A current CPU of 50% (40m). */
export const util50: Metric = { averageUtilization: 50, averageValue: '40m' };
