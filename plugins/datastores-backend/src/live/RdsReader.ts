import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { Config } from '@backstage/config';
import { RdsInstanceDescription } from '@datastores/plugin-datastores-node';

/** Reads RDS instances (`DescribeDBInstances`). */
export interface RdsReader {
  describe(identifier: string): Promise<RdsInstanceDescription | undefined>;
}

/** `datastores.live.rds`: region, endpoint (for tests and VPC endpoints), optional static keys. */
export function rdsReaderFromConfig(
  config: Config | undefined,
): RdsReader | undefined {
  if (!config) return undefined;
  const timeoutMs = config.getOptionalNumber('timeoutMs') ?? 1500;
  const accessKeyId = config.getOptionalString('accessKeyId');
  const secretAccessKey = config.getOptionalString('secretAccessKey');
  const client = new RDSClient({
    region: config.getString('region'),
    endpoint: config.getOptionalString('endpoint'),
    maxAttempts: 1,
    ...(accessKeyId && secretAccessKey
      ? { credentials: { accessKeyId, secretAccessKey } }
      : {}),
  });
  return {
    async describe(identifier) {
      try {
        const out = await client.send(
          new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }),
          { abortSignal: AbortSignal.timeout(timeoutMs) },
        );
        return out.DBInstances?.[0];
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'DBInstanceNotFoundFault') return undefined;
        if (name === 'AbortError' || name === 'TimeoutError') {
          throw new Error(`RDS did not answer within ${timeoutMs} ms`);
        }
        throw error;
      }
    },
  };
}
