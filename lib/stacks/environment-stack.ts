import type { StackProps } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/parse';

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
}
