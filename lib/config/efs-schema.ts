import { z } from 'zod';

/**
 * The `efs` section: one shared, encrypted EFS file system per environment, mounted through the
 * EFS CSI driver (ReadWriteMany claims of the `efs` StorageClass). Off unless `enabled`.
 */

/** Days after which EFS moves a file not read to Infrequent Access: the values EFS accepts. */
export const EFS_TRANSITION_DAYS = [1, 7, 14, 30, 60, 90, 180, 270, 365] as const;

/** UIDs and GIDs below this belong to the node's system accounts; access points must not use them. */
export const SYSTEM_ID_RANGE_END = 999;

const kmsKeyArn = z
  .string()
  .regex(
    /^arn:aws(?:-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/,
    'must be a KMS key ARN such as arn:aws:kms:REGION:ACCOUNT:key/UUID',
  );

export const efsSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Encrypt with this key instead of the platform's volume key; it must be in the environment's region and account. */
  kmsKeyArn: kmsKeyArn.optional(),
  /** `elastic` scales with use (general purpose only); `provisioned` needs provisionedThroughputMibps. */
  throughputMode: z.enum(['elastic', 'bursting', 'provisioned']).default('elastic'),
  provisionedThroughputMibps: z.number().int().min(1).max(10240).optional(),
  performanceMode: z.enum(['generalPurpose', 'maxIO']).default('generalPurpose'),
  /** Files not read for this many days move to the cheaper Infrequent Access class. */
  transitionToInfrequentAccessDays: z
    .number()
    .refine((days) => (EFS_TRANSITION_DAYS as readonly number[]).includes(days), {
      message: `must be one of ${EFS_TRANSITION_DAYS.join(', ')} (the values EFS accepts)`,
    })
    .default(30),
  /** The `efs` StorageClass: every claim gets an access point under basePath with its own UID/GID. */
  storageClass: z
    .strictObject({
      basePath: z
        .string()
        .regex(/^\/[A-Za-z0-9._/-]*$/, 'must be an absolute path such as /dynamic')
        .default('/dynamic'),
      /** Permissions of each claim's directory, in octal. */
      directoryPerms: z
        .string()
        .regex(/^[0-7]{3,4}$/, 'must be octal permissions such as 700')
        .default('700'),
      /** Access points take their POSIX UID/GID from this range, one per claim. */
      gidRangeStart: z.number().int().min(0).max(2147483647).default(50000),
      gidRangeEnd: z.number().int().min(0).max(2147483647).default(7000000),
    })
    .prefault({}),
});

export type EfsConfig = z.output<typeof efsSchema>;
