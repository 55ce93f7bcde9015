import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Every event Karpenter handles, by EventBridge source and detail type, as upstream's template routes them. */
export const KARPENTER_INTERRUPTION_EVENTS: readonly { readonly id: string; readonly source: string; readonly detailType: string }[] = [
  { id: 'ScheduledChange', source: 'aws.health', detailType: 'AWS Health Event' },
  { id: 'SpotInterruption', source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning' },
  { id: 'Rebalance', source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation' },
  { id: 'InstanceStateChange', source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' },
  { id: 'CapacityReservationInterruption', source: 'aws.ec2', detailType: 'EC2 Capacity Reservation Instance Interruption Warning' },
];

/**
 * The queue Karpenter reads interruption events from, and the EventBridge rules that fill it:
 * spot interruptions, rebalance recommendations, instance state changes, scheduled health
 * events and capacity-reservation interruptions. Encrypted, TLS only, and messages older than
 * five minutes are useless to Karpenter, so they expire.
 */
export class KarpenterInterruptionQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly rules: events.Rule[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      retentionPeriod: Duration.minutes(5),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    // Each rule may send only its own events (the target adds a policy scoped to the rule's ARN).
    this.rules = KARPENTER_INTERRUPTION_EVENTS.map(
      (event) =>
        new events.Rule(this, `${event.id}Rule`, {
          description: `Karpenter interruption handling: ${event.detailType}`,
          eventPattern: { source: [event.source], detailType: [event.detailType] },
          targets: [new targets.SqsQueue(this.queue)],
        }),
    );
  }
}
