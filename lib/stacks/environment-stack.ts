import type { StackProps } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/parse';
import { needsTokenAwareJson } from './token-free-json';

export interface EnvironmentStackProps extends StackProps {
  readonly environment: EnvironmentConfig;
}

/** A stack of one environment, deployed to its account and region with its AZs. */
export class EnvironmentStack extends Stack {
  private readonly zones: string[];

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    this.zones = [...props.environment.availabilityZones];
  }

  /** The AZs come from config, so synthesis never asks AWS for them. */
  override get availabilityZones(): string[] {
    return this.zones;
  }

  /**
   * Kubernetes manifests and Helm values reach CloudFormation through this (aws-eks-v2 calls it).
   * CDK's version walks the whole object with its token resolver during synthesis, twice (once to
   * find cross-stack references); most manifests hold no token at all, and for those plain JSON is
   * the same string (test/token-free-json.test.ts) at a fraction of the cost: about half a second
   * of every synthesis of the three environments.
   */
  override toJsonString(obj: unknown, space?: number): string {
    return needsTokenAwareJson(obj) ? super.toJsonString(obj, space) : JSON.stringify(obj, undefined, space);
  }
}
