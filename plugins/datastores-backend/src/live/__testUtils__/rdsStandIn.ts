import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** An RDS instance as the stand-in describes it. */
export interface RdsInstance {
  status: string;
  retention: number;
  /** How long ago the latest restorable time was; null: not reported. */
  latestAgoMs: number | null;
  /** An absolute latest restorable time, instead of `latestAgoMs`. */
  latestAt?: string;
  deletionProtection: boolean;
}

/**
 * How the stand-in treats one DB instance identifier: an instance as described, or absent
 * ('missing'). Faults ('error500', 'reset', 'hang') hit the calls that would describe it: a
 * list of the region's instances, as the collector reads them, holds every instance.
 */
export type RdsBehaviour =
  | RdsInstance
  | 'missing'
  | 'error500'
  | 'reset'
  | 'hang';

/** `MaxRecords`: RDS allows 20 to 100 (default 100). */
const MIN_RECORDS = 20;
const MAX_RECORDS = 100;

/**
 * A stand-in for RDS `DescribeDBInstances` (AWS query protocol, XML answers and error shapes
 * as RDS sends them): by `DBInstanceIdentifier` (`DBInstanceNotFound`, 404, when absent), or
 * the region's instances a page at a time (`MaxRecords`, `Marker`), per
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html.
 */
export async function startRdsStandIn() {
  const behaviours = new Map<string, RdsBehaviour>();
  const held = new Set<ServerResponse>();
  const calls: Array<{ identifier?: string; marker?: string }> = [];

  const error = (
    res: ServerResponse,
    status: number,
    type: string,
    code: string,
    message: string,
  ) => {
    res.statusCode = status;
    res.end(
      `<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
    );
  };
  const instanceXml = (id: string, i: RdsInstance) => {
    const latest =
      i.latestAt ??
      (i.latestAgoMs === null
        ? undefined
        : new Date(Date.now() - i.latestAgoMs).toISOString());
    return `<DBInstance>
<DBInstanceIdentifier>${id}</DBInstanceIdentifier><DBInstanceStatus>${
      i.status
    }</DBInstanceStatus>
<BackupRetentionPeriod>${
      i.retention
    }</BackupRetentionPeriod><DeletionProtection>${
      i.deletionProtection
    }</DeletionProtection>
<MultiAZ>true</MultiAZ>${
      latest ? `<LatestRestorableTime>${latest}</LatestRestorableTime>` : ''
    }
</DBInstance>`;
  };
  /** Applies a fault, if one of `ids` has one; true when it answered (or held) the call. */
  const faulted = (
    ids: string[],
    req: IncomingMessage,
    res: ServerResponse,
  ): boolean => {
    const faults = ids.map(id => behaviours.get(id));
    if (faults.includes('hang')) {
      held.add(res);
      return true;
    }
    if (faults.includes('reset')) {
      req.socket.destroy();
      return true;
    }
    if (faults.includes('error500')) {
      error(res, 500, 'Receiver', 'InternalFailure', 'internal failure');
      return true;
    }
    return false;
  };

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', c => {
      body += c;
    });
    req.on('end', () => {
      const params = new URLSearchParams(body);
      const id = params.get('DBInstanceIdentifier') ?? undefined;
      const marker = params.get('Marker') ?? undefined;
      calls.push({ identifier: id, marker });
      res.setHeader('content-type', 'text/xml');
      if (id !== undefined) {
        if (faulted([id], req, res)) return;
        const behaviour = behaviours.get(id) ?? 'missing';
        if (typeof behaviour !== 'object') {
          error(
            res,
            404,
            'Sender',
            'DBInstanceNotFound',
            `DBInstance ${id} not found.`,
          );
          return;
        }
        res.end(
          `<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><DescribeDBInstancesResult><DBInstances>${instanceXml(
            id,
            behaviour,
          )}</DBInstances></DescribeDBInstancesResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeDBInstancesResponse>`,
        );
        return;
      }
      if (faulted([...behaviours.keys()], req, res)) return;
      const max = Number(params.get('MaxRecords') ?? MAX_RECORDS);
      if (!Number.isInteger(max) || max < MIN_RECORDS || max > MAX_RECORDS) {
        error(
          res,
          400,
          'Sender',
          'InvalidParameterValue',
          `MaxRecords must be between ${MIN_RECORDS} and ${MAX_RECORDS}`,
        );
        return;
      }
      const instances = [...behaviours].filter(
        (e): e is [string, RdsInstance] => typeof e[1] === 'object',
      );
      const start = marker
        ? Number(Buffer.from(marker, 'base64url').toString())
        : 0;
      const page = instances.slice(start, start + max);
      const next =
        start + max < instances.length
          ? `<Marker>${Buffer.from(String(start + max)).toString(
              'base64url',
            )}</Marker>`
          : '';
      res.end(
        `<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><DescribeDBInstancesResult>${next}<DBInstances>${page
          .map(([i, d]) => instanceXml(i, d))
          .join(
            '',
          )}</DBInstances></DescribeDBInstancesResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeDBInstancesResponse>`,
      );
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    set(identifier: string, behaviour: RdsBehaviour) {
      behaviours.set(identifier, behaviour);
    },
    delete(identifier: string) {
      behaviours.delete(identifier);
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise(r => server.close(r));
    },
  };
}
