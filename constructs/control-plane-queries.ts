import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ControlPlaneLogTypeName } from '../lib/config/schema';
import { CONTROL_PLANE_QUERIES, savedQueryName } from '../lib/control-plane-queries';

export interface ControlPlaneQueriesProps {
  readonly clusterName: string;
  readonly logGroup: logs.ILogGroup;
  /** The log types EKS writes; a query over a type that is off would always come back empty. */
  readonly enabledLogTypes: readonly ControlPlaneLogTypeName[];
}

/**
 * The incident queries of lib/control-plane-queries.ts, saved in CloudWatch Logs Insights on
 * the control-plane log group. The L1 takes the query text as written; the L2's QueryString
 * builder would split each query into parts and reassemble the same string.
 */
export class ControlPlaneQueries extends Construct {
  readonly definitions: logs.CfnQueryDefinition[];

  constructor(scope: Construct, id: string, props: ControlPlaneQueriesProps) {
    super(scope, id);
    this.definitions = CONTROL_PLANE_QUERIES.filter((query) => props.enabledLogTypes.includes(query.logType)).map(
      (query) =>
        new logs.CfnQueryDefinition(this, `${query.category}-${query.name}`, {
          name: savedQueryName(props.clusterName, query),
          queryString: query.query,
          logGroupNames: [props.logGroup.logGroupName],
        }),
    );
  }
}
