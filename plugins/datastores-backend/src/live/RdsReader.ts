import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { Config } from '@backstage/config';
import { RdsInstanceDescription } from '@datastores/plugin-datastores-node';

/** Reads RDS instances (`DescribeDBInstances`). */
export interface RdsReader {
  /** The region's id, for the collector's source (`rds/eu-west-1`). */
  region: string;
  describe(identifier: string): Promise<RdsInstanceDescription | undefined>;
  /** Every instance of the region, a page (100) at a time, within the deadline. */
  listAll(): Promise<{ instances: RdsInstanceDescription[]; pages: number }>;
}

/** Instances per `DescribeDBInstances` page: RDS allows 20 to 100. */
const PAGE_SIZE = 100;

/** `datastores.live.rds`: region, endpoint (for tests and VPC endpoints), optional static keys. */
export function rdsReaderFromConfig(
  config: Config | undefined,
): RdsReader | undefined {
  if (!config) return undefined;
  const timeoutMs = config.getOptionalNumber('timeoutMs') ?? 10_000;
  const accessKeyId = config.getOptionalString('accessKeyId');
  const secretAccessKey = config.getOptionalString('secretAccessKey');
  const region = config.getString('region');
  const client = new RDSClient({
    region,
    endpoint: config.getOptionalString('endpoint'),
    maxAttempts: 1,
    ...(accessKeyId && secretAccessKey
      ? { credentials: { accessKeyId, secretAccessKey } }
      : {}),
  });
  /** Our own deadline is the only timeout: the SDK also names a reset connection TimeoutError. */
  async function within<T>(
    ms: number,
    what: string,
    run: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const timeout = AbortSignal.timeout(ms);
    try {
      return await run(timeout);
    } catch (error) {
      if (timeout.aborted) {
        throw new Error(`RDS did not answer within ${ms} ms (${what})`);
      }
      throw new Error(describeFailure(error as Error));
    }
  }
  return {
    region,
    async listAll() {
      return within(timeoutMs, 'listing its instances', async signal => {
        const instances: RdsInstanceDescription[] = [];
        let marker: string | undefined;
        let pages = 0;
        do {
          const out = await client.send(
            new DescribeDBInstancesCommand({
              MaxRecords: PAGE_SIZE,
              Marker: marker,
            }),
            { abortSignal: signal },
          );
          pages += 1;
          instances.push(...(out.DBInstances ?? []));
          marker = out.Marker || undefined;
        } while (marker);
        return { instances, pages };
      });
    },
    async describe(identifier) {
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const out = await client.send(
          new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }),
          { abortSignal: timeout },
        );
        return out.DBInstances?.[0];
      } catch (error) {
        const e = error as Error & { code?: string };
        if (e.name === 'DBInstanceNotFoundFault') return undefined;
        // Only our own deadline is a timeout: the SDK also names a reset connection TimeoutError.
        if (timeout.aborted) {
          throw new Error(`RDS did not answer within ${timeoutMs} ms`);
        }
        throw new Error(describeFailure(e));
      }
    },
  };
}

/** What went wrong, in the words of the layer that failed (ECONNRESET, ECONNREFUSED, ...). */
function describeFailure(
  error: Error & { code?: string; cause?: unknown },
): string {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const code = error.code ?? cause?.code;
  const message = error.message || cause?.message || error.name;
  // Node says "socket hang up" for a connection closed before the answer; the SDK may wrap
  // it without its code.
  if (code === 'ECONNRESET' || /socket hang up/.test(message)) {
    return `the connection to RDS was reset before it answered (ECONNRESET: ${message})`;
  }
  if (code === 'ECONNREFUSED') return `RDS refused the connection (${code})`;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
