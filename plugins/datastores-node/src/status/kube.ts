/** A Kubernetes object as the Kubernetes backend returns it; only what the mappers read. @public */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: any;
  status?: any;
}

/** A Kubernetes type: where to list it (`/apis/<group>/<version>/<plural>`) and its kind. @public */
export interface KubernetesTypeRef {
  group: string;
  version: string;
  plural: string;
  kind: string;
}

/** A status condition (`type`, `status`, `reason`, `message`). @public */
export interface KubeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** The condition of the given type, if the object reports it. @public */
export function findCondition(
  object: KubeObject | undefined,
  type: string,
): KubeCondition | undefined {
  const conditions = object?.status?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  return conditions.find(
    (c: unknown): c is KubeCondition =>
      typeof c === 'object' && c !== null && (c as KubeCondition).type === type,
  );
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a Go duration (`1h`, `15m`, `1h30m`, `30s`) into milliseconds; undefined when it is
 * not one. `0` is zero.
 * @public
 */
export function parseGoDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '0') return 0;
  const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(text); match; match = part.exec(text)) {
    total += Number(match[1]) * UNIT_MS[match[2]];
    consumed = part.lastIndex;
  }
  return consumed > 0 && consumed === text.length ? total : undefined;
}

/**
 * Parses a retention policy such as CloudNativePG's `30d`, `4w` or `3m` (months) into days.
 * @public
 */
export function parseRetentionDays(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+)\s*([dwm])\s*$/.exec(value);
  if (!match) return undefined;
  const n = Number(match[1]);
  if (match[2] === 'w') return n * 7;
  if (match[2] === 'm') return n * 30;
  return n;
}
