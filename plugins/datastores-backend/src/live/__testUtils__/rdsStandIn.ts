import { createServer, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * How the stand-in answers `DescribeDBInstances` for one identifier: an instance as described,
 * or a fault (not found, a 500, a reset connection, no answer).
 */
export type RdsBehaviour =
  | {
      status: string;
      retention: number;
      /** How long ago the latest restorable time was; null: not reported. */
      latestAgoMs: number | null;
      deletionProtection: boolean;
    }
  | 'missing'
  | 'error500'
  | 'reset'
  | 'hang';

/**
 * A stand-in for RDS `DescribeDBInstances` (AWS query protocol, XML answers and error
 * shapes as RDS sends them), with a behaviour per DB instance identifier.
 */
export async function startRdsStandIn() {
  const behaviours = new Map<string, RdsBehaviour>();
  const held = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', c => {
      body += c;
    });
    req.on('end', () => {
      const id = new URLSearchParams(body).get('DBInstanceIdentifier') ?? '';
      const behaviour = behaviours.get(id) ?? 'missing';
      res.setHeader('content-type', 'text/xml');
      if (behaviour === 'hang') {
        held.add(res);
        return;
      }
      if (behaviour === 'reset') {
        req.socket.destroy();
        return;
      }
      if (behaviour === 'error500') {
        res.statusCode = 500;
        res.end(
          '<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>internal failure</Message></Error><RequestId>r</RequestId></ErrorResponse>',
        );
        return;
      }
      if (behaviour === 'missing') {
        res.statusCode = 404;
        res.end(
          `<ErrorResponse><Error><Type>Sender</Type><Code>DBInstanceNotFound</Code><Message>DBInstance ${id} not found.</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
        );
        return;
      }
      const latest =
        behaviour.latestAgoMs === null
          ? ''
          : `<LatestRestorableTime>${new Date(
              Date.now() - behaviour.latestAgoMs,
            ).toISOString()}</LatestRestorableTime>`;
      res.end(`<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
<DescribeDBInstancesResult><DBInstances><DBInstance>
<DBInstanceIdentifier>${id}</DBInstanceIdentifier><DBInstanceStatus>${behaviour.status}</DBInstanceStatus>
<BackupRetentionPeriod>${behaviour.retention}</BackupRetentionPeriod><DeletionProtection>${behaviour.deletionProtection}</DeletionProtection>
<MultiAZ>true</MultiAZ>${latest}
</DBInstance></DBInstances></DescribeDBInstancesResult>
<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeDBInstancesResponse>`);
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set(identifier: string, behaviour: RdsBehaviour) {
      behaviours.set(identifier, behaviour);
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise(r => server.close(r));
    },
  };
}
