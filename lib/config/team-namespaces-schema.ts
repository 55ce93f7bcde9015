import { z } from 'zod';
import { parseQuantity } from '../quantity';

/**
 * The `teamNamespaces` section: the guard rails every team namespace gets (the namespaces
 * themselves come from the access model). A ResourceQuota caps what one team can take, and a
 * LimitRange gives containers that set no resources a sane default.
 */

const cpu = z.string().refine((value) => parseQuantity(value) !== undefined, { message: 'must be a CPU quantity such as 500m or 2' });
const memory = z.string().refine((value) => parseQuantity(value) !== undefined && !value.endsWith('m'), {
  message: 'must be a memory quantity such as 512Mi or 4Gi',
});

export const teamNamespacesSchema = z.strictObject({
  quota: z
    .strictObject({
      requestsCpu: cpu.default('8'),
      requestsMemory: memory.default('16Gi'),
      limitsCpu: cpu.default('16'),
      limitsMemory: memory.default('32Gi'),
      pods: z.number().int().min(1).default(100),
      persistentVolumeClaims: z.number().int().min(0).default(20),
      requestsStorage: memory.default('500Gi'),
      /** Service type LoadBalancer creates an NLB per Service: teams use the shared ALB instead. */
      loadBalancerServices: z.number().int().min(0).default(0),
    })
    .prefault({}),
  /** Requests and limits for containers that declare none. */
  containerDefaults: z
    .strictObject({
      requestsCpu: cpu.default('100m'),
      requestsMemory: memory.default('128Mi'),
      limitsCpu: cpu.default('500m'),
      limitsMemory: memory.default('512Mi'),
    })
    .prefault({}),
  /**
   * Let team pods open connections outside the VPC (the internet through NAT, AWS APIs). Within
   * the VPC they reach only their own namespace and DNS.
   */
  allowEgressBeyondVpc: z.boolean().default(true),
});

export type TeamNamespacesConfig = z.output<typeof teamNamespacesSchema>;
