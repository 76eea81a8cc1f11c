import type { GenericObject } from '../types.js';

/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition: the fields kubesim reads. The object is
 * stored whole, as every generic object is.
 */

/** A JSON schema as a CRD's openAPIV3Schema writes it (the structural subset kubesim checks). */
export interface JSONSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  nullable?: boolean;
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

/**
 * apiextensions/v1 CustomResourceColumnDefinition: a column `kubectl get` prints for a custom resource
 * (its jsonPath).
 */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

/**
 * apiextensions/v1 CustomResourceDefinitionVersion: a version's name, whether it is served and stored,
 * its schema, subresources and printer columns.
 */
export interface CRDVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: object; scale?: object };
  additionalPrinterColumns?: PrinterColumn[];
}

/** apiextensions/v1 CustomResourceDefinitionNames: how the kind and its resource are named and listed. */
export interface CRDNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CustomResourceDefinition extends GenericObject {
  spec: {
    group: string;
    names: CRDNames;
    scope: 'Namespaced' | 'Cluster';
    versions: CRDVersion[];
  };
  status?: Record<string, unknown>;
}

/** The group kind CustomResourceDefinitions are stored under in the generic store. */
export const CRD_GROUP_KIND = 'CustomResourceDefinition.apiextensions.k8s.io';
